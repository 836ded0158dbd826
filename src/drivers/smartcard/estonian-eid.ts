import { isIsoDate } from '../../common/calendar.js';
import { command, hexBytes, selectAid, selectFile, readBinary, type CardChannel } from './apdu.js';

/**
 * CUST-9: the Estonian eID personal data file (IDEMIA cards, 2018 and later). Main AID, then
 * DF 5000, then one EF per field (5001 surname … 5006 personal code), each read with READ
 * BINARY and UTF-8 encoded. No PIN is needed for this file.
 */
export const EST_EID_AID = hexBytes('A000000077010800070000FE00000100');
export const PD_DF = hexBytes('5000');
export const PD_FILES = { surname: 0x01, firstName: 0x02, sex: 0x03, citizenship: 0x04, birth: 0x05, personalCode: 0x06 } as const;

export interface IdCardData {
  firstName: string;
  lastName: string;
  gender: 'male' | 'female' | null;
  personalCode: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
  citizenship?: string;
}

async function readField(ch: CardChannel, n: number): Promise<string> {
  await command(ch, selectFile(Buffer.from([0x50, n]), 0x02), `SELECT EF 50${n.toString(16).padStart(2, '0')}`);
  const data = await command(ch, readBinary(0, 0), 'READ BINARY');
  return data.toString('utf8').replace(/\0+$/, '').trim();
}

/** Birth date and sex from an Estonian personal code (isikukood): GYYMMDDSSSC. */
export function fromPersonalCode(code: string): { birthDate: string | null; gender: 'male' | 'female' | null } {
  const m = /^([1-8])(\d\d)(\d\d)(\d\d)\d{4}$/.exec(code);
  if (!m) return { birthDate: null, gender: null };
  const g = Number(m[1]);
  const century = 1800 + Math.floor((g - 1) / 2) * 100;
  const y = century + Number(m[2]);
  const date = `${y}-${m[3]}-${m[4]}`;
  const valid = isIsoDate(date);
  return { birthDate: valid ? date : null, gender: g % 2 === 1 ? 'male' : 'female' };
}

/** "DD MM YYYY …" (file 5005) → YYYY-MM-DD. */
function birthFromFile(s: string): string | null {
  const m = /^(\d\d)[ .](\d\d)[ .](\d{4})/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

export async function readEstonianEid(ch: CardChannel): Promise<IdCardData> {
  await command(ch, selectAid(EST_EID_AID), 'SELECT eID application');
  await command(ch, Buffer.from([0x00, 0xa4, 0x01, 0x0c, 0x02, ...PD_DF]), 'SELECT DF 5000');
  const lastName = await readField(ch, PD_FILES.surname);
  const firstName = await readField(ch, PD_FILES.firstName);
  const sex = await readField(ch, PD_FILES.sex);
  const citizenship = await readField(ch, PD_FILES.citizenship);
  const birth = await readField(ch, PD_FILES.birth);
  const personalCode = await readField(ch, PD_FILES.personalCode);
  const fromCode = fromPersonalCode(personalCode);
  // The card writes sex as M (mees) or N (naine); fall back to the personal code.
  const gender = sex === 'M' ? 'male' : sex === 'N' || sex === 'F' ? 'female' : fromCode.gender;
  return { firstName, lastName, gender, personalCode, birthDate: birthFromFile(birth) ?? fromCode.birthDate, ...(citizenship ? { citizenship } : {}) };
}
