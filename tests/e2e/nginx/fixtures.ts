import { expect, test as base } from '../fixtures';

// The nginx suite's `test`: the main suite's (uncaught errors and wasm panics fail a test) plus a
// Content-Security-Policy guard. Every page of the test's browser context reports each
// `securitypolicyviolation` event of its documents and every console message about a refused
// load or a policy, and the test fails when there was any.

type Fixtures = { cspGuard: void };

export const test = base.extend<Fixtures>({
  cspGuard: [
    async ({ context }, use, testInfo) => {
      const violations: string[] = [];
      await context.exposeBinding('__reportCspViolation', ({ frame }, text: string) => {
        violations.push(`${frame.url()}: ${text}`);
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation?: (t: string) => void }).__reportCspViolation;
          report?.(
            `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} ` +
              `(${event.sourceFile || 'no file'}:${event.lineNumber}; sample: ${event.sample || '-'})`,
          );
        });
      });
      const watch = (page: import('@playwright/test').Page) => {
        page.on('console', (message) => {
          const text = message.text();
          if (/Content Security Policy|Refused to (load|execute|apply|frame|connect|evaluate|compile)/i.test(text)) {
            violations.push(`console.${message.type()} on ${page.url()}: ${text}`);
          }
        });
      };
      context.pages().forEach(watch);
      context.on('page', watch);

      await use();

      // A test may expect some (annotation `expected-csp-violation`, a pattern of the report):
      // a page it makes try what the policy forbids.
      const expected = testInfo.annotations
        .filter((a) => a.type === 'expected-csp-violation' && a.description)
        .map((a) => new RegExp(a.description!));
      violations.splice(0, violations.length, ...violations.filter((v) => !expected.some((re) => re.test(v))));
      if (violations.length > 0) {
        const report = violations.join('\n');
        await testInfo.attach('csp-violations.txt', { body: report, contentType: 'text/plain' });
        throw new Error(`Content-Security-Policy violations (${violations.length}):\n${report}`);
      }
    },
    { auto: true },
  ],
});

export { expect };
