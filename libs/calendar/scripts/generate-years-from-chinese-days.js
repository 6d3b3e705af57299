#!/usr/bin/env node
/**
 * Writes config/calendars/<year>.json from the npm package chinese-days, for years the package knows.
 * Usage: node libs/calendar/scripts/generate-years-from-chinese-days.js 2025 2026
 * Refuses a year the package has no data for (it would otherwise produce a weekends-only "official" file).
 * Afterwards, check each file against the State Council notice named in `source`.
 */
const fs = require('node:fs');
const path = require('node:path');
const data = require('chinese-days/dist/chinese-days.json');
const { version } = require('chinese-days/package.json');

// The notices, as cited in chinese-days' own src/holidays/generate.ts.
const NOTICES = {
  2025: '国办发明电〔2024〕12号, https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  2026: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
};

const outDir = path.resolve(__dirname, '../../../config/calendars');
for (const arg of process.argv.slice(2)) {
  const year = Number(arg);
  const inYear = (map) => Object.keys(map).filter((d) => d.startsWith(`${year}-`)).sort();
  const holidays = inYear(data.holidays);
  const workdays = inYear(data.workdays);
  if (holidays.length === 0) {
    console.error(`chinese-days ${version} has no holiday data for ${year}; write a provisional file by hand`);
    process.exitCode = 1;
    continue;
  }
  const notice = NOTICES[year] ? `; ${NOTICES[year]}` : '';
  const file = {
    year,
    source: `国务院办公厅关于${year}年部分节假日安排的通知 (via npm chinese-days ${version}${notice})`,
    holidays,
    workdays,
  };
  fs.writeFileSync(path.join(outDir, `${year}.json`), JSON.stringify(file, null, 2) + '\n');
  console.log(`wrote ${year}.json: ${holidays.length} holidays, ${workdays.length} make-up workdays`);
}
