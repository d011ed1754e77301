// @vitest-environment node
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint rules', () => {
  it('forbids raw HTML in our code', async () => {
    expect(
      await ruleIds(
        'export const f = (el: Element, s: string) => { el.innerHTML = s; };',
        'src/x.ts',
      ),
    ).toContain('no-restricted-syntax');
    expect(
      await ruleIds(
        "export const f = (el: Element, s: string) => el.insertAdjacentHTML('beforeend', s);",
        'src/x.ts',
      ),
    ).toContain('no-restricted-syntax');
    expect(
      await ruleIds(
        'export const C = (p: { s: string }) => <div dangerouslySetInnerHTML={{ __html: p.s }} />;',
        'src/x.tsx',
      ),
    ).toContain('no-restricted-syntax');
  });

  it('allows building DOM nodes', async () => {
    expect(
      await ruleIds(
        'export const f = (el: Element, s: string) => { el.textContent = s; };',
        'src/x.ts',
      ),
    ).toEqual([]);
  });
});
