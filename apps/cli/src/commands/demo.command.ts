import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '@app/config';
import { CliCommand } from '../cli-command';
import { printResult, runDemo } from '../demo/demo';

/** Runs the sample year on fresh embedded data (its own folder, so it never touches the real data). */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run a whole sample assessment year (城东街道, 15 stations) and print the results',
  usage: 'demo [--quick] [--serve]   (--serve: keep the server running with the demo data, console at /console/)',
  async run({ flags }) {
    const base = loadConfig();
    const dataDir = path.join(base.dataDir, 'demo');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const config = { ...base, databaseUrl: undefined, redisUrl: undefined, dataDir, embeddedPgPort: base.embeddedPgPort + 7, logLevel: 'error' as const, sweepScheduler: false };
    console.log('派驻机构考核 · 演示：城东街道2026年度考核全流程（模拟时钟，真实 API 与后台任务）\n');
    const started = Date.now();
    const serve = flags.serve ? { port: base.port, host: '0.0.0.0' } : undefined;
    const result = await runDemo(config, { outDir: path.join(dataDir, 'exports'), quick: Boolean(flags.quick), serve });
    printResult(result);
    console.log(`\n用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。再次运行 npm run demo 会从全新数据开始。`);
    if (result.served) {
      console.log(`\n控制台已启动：${result.served.url}（演示数据，模拟时钟停在2027年1月20日；Ctrl-C 退出）`);
      for (const a of result.served.accounts) console.log(`  ${a.role.padEnd(6, '　')} 用户名 ${a.username.padEnd(16)} 密码 ${a.password}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await result.served.close();
    }
  },
};
