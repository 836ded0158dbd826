/** `tillgate devices` — placeholder until the hardware drivers land (issue 5). */
export async function devicesCommand(_configFile: string, _args: string[]): Promise<number> {
  console.error('tillgate devices: not available in this build yet');
  return 69;
}
