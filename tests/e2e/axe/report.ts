import fs from 'node:fs';
import path from 'node:path';
import { RUNS_DIR, SCHEMES, VIEWPORTS, type Record } from './run';

// The accessibility stage's table (a11y.config.ts, globalTeardown): one row per page state
// (route or open form, and who), one column per viewport × scheme, each cell `ok` or the number
// of WCAG violations; then the violations by rule, and the best-practice findings (reported only).
export default function report(): void {
  if (!fs.existsSync(RUNS_DIR)) return;
  const records: Record[] = fs
    .readdirSync(RUNS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(RUNS_DIR, f), 'utf8')) as Record)
    .sort((a, b) => (a.what + a.user).localeCompare(b.what + b.user));
  const columns = VIEWPORTS.flatMap((v) => SCHEMES.map((s) => `${v.width} ${s}`));
  const first = Math.max(30, ...records.map((r) => `${r.what} (${r.user})`.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(first) : c.padStart(11))).join(' ');
  const out: string[] = ['', 'Accessibility (axe-core, WCAG 2.2 A/AA): violations per page state', line(['page (who)', ...columns])];
  let total = 0;
  const byRule = new Map<string, Set<string>>();
  const practice = new Map<string, Set<string>>();
  for (const r of records) {
    const cells = columns.map((c) => {
      const run = r.runs.find((x) => `${x.viewport} ${x.scheme}` === c);
      if (!run) return '-';
      total += run.violations.length;
      for (const v of run.violations) {
        if (!byRule.has(v.id)) byRule.set(v.id, new Set());
        byRule.get(v.id)!.add(`${r.what} (${r.user}) ${c}`);
      }
      for (const v of run.bestPractice) {
        if (!practice.has(v.id)) practice.set(v.id, new Set());
        practice.get(v.id)!.add(`${r.what} (${r.user})`);
      }
      return run.violations.length === 0 ? 'ok' : `${run.violations.length} FAIL`;
    });
    out.push(line([`${r.what} (${r.user})`, ...cells]));
  }
  out.push(`${records.length} page states, ${records.length * columns.length} runs, ${total} violations`);
  for (const [id, where] of byRule) out.push(`  violation ${id}: ${[...where].slice(0, 6).join('; ')}`);
  if (practice.size > 0) {
    out.push('Best practice (reported, not failing):');
    for (const [id, where] of practice) out.push(`  ${id}: ${where.size} page states, e.g. ${[...where].slice(0, 3).join('; ')}`);
  }
  console.log(out.join('\n'));
}
