/** `tillgate print-test` — placeholder until the hardware drivers land (issue 5). */
export async function printTestCommand(_configFile: string, _args: string[]): Promise<number> {
  console.error('tillgate print-test: not available in this build yet');
  return 69;
}
