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

  it('keeps edges apart: they talk through src/shared, and the shared layers import no edge', async () => {
    const imports = "import { x } from '../background/recovery';\nexport const y = x;";
    expect(await ruleIds(imports, 'src/content/x.ts')).toContain('no-restricted-imports');
    expect(
      await ruleIds(imports.replace('../background', '../../background'), 'src/recovery/c/x.ts'),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds("import { x } from '../popup/format';\nexport const y = x;", 'src/report/x.ts'),
    ).toContain('no-restricted-imports');
    expect(
      await ruleIds(
        "import { x } from '../shared/messages';\nexport const y = x;",
        'src/content/x.ts',
      ),
    ).toEqual([]);
    // A name inside a layer is no edge: domain/report.ts is not src/report.
    expect(
      await ruleIds("import { x } from '../domain/report';\nexport const y = x;", 'src/popup/x.ts'),
    ).toEqual([]);
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
