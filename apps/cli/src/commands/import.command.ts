import * as fs from 'node:fs';
import { importStaff, importStations, parseStaffRows, parseStationRows } from '@app/master-data';
import { SYSTEM_ACTOR } from '@app/platform';
import { CliArgs, CliCommand } from '../cli-command';
import { withDatabase } from '../cli-database';

/** Bulk import from CSV or XLSX, all-or-nothing, with the same row checks as the API. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import stations or staff of a subdistrict from a CSV/XLSX file',
  usage: 'import <stations|staff> --subdistrict <id> <file>',
  async run({ positional: [what, file], flags }: CliArgs) {
    const subdistrictId = String(flags.subdistrict ?? '');
    if (!['stations', 'staff'].includes(what) || !file || !subdistrictId) {
      console.error('usage: npm run cli -- import <stations|staff> --subdistrict <id> <file>');
      return 2;
    }
    const buffer = fs.readFileSync(file);
    const parsed: any = what === 'stations' ? await parseStationRows(buffer) : await parseStaffRows(buffer);
    if (parsed.problems?.length) {
      for (const p of parsed.problems) console.error(`${p.field}: ${p.reason}`);
      return 1;
    }
    const imported = await withDatabase((ds) =>
      ds.transaction((tx) => (what === 'stations' ? importStations : importStaff)(tx, subdistrictId, parsed.rows, SYSTEM_ACTOR, new Date())),
    );
    console.log(`imported ${imported} ${what}`);
  },
};
