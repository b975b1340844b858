import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  builtInSourcePolicies,
  configureSizeCaps,
  getSourcePolicy,
  isMimeTypeAllowed,
  MIME_FAMILIES,
  sizeCapSetting,
} from './source-policies';

afterEach(() => configureSizeCaps({}));

describe('a source type policy', () => {
  it('keeps its own cap until the configuration sets one', () => {
    const own = getSourcePolicy('task_attachment')?.maxSizeBytes;

    configureSizeCaps({ task_attachment: 2048 });
    const configured = getSourcePolicy('task_attachment');
    configureSizeCaps({});

    expect(own).toBe(100 * 1024 * 1024);
    expect(configured).toMatchObject({ sourceType: 'task_attachment', maxSizeBytes: 2048 });
    expect(getSourcePolicy('task_attachment')?.maxSizeBytes).toBe(own);
  });

  it('allows a MIME type by family and ignores its parameters', () => {
    const recording = getSourcePolicy('recording')!;

    expect(isMimeTypeAllowed(recording, 'video/mp4')).toBe(true);
    expect(isMimeTypeAllowed(recording, 'Audio/Ogg; codecs=opus')).toBe(true);
    expect(isMimeTypeAllowed(recording, 'application/pdf')).toBe(false);
  });
});

describe("the README's table of source types", () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('### Source types');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const rows = [...section.matchAll(/^\| `([a-z_]+)` +\|(.*)\|$/gm)].map((match) => {
    const [families, cap, setting, ai, prefix] = match[2]!.split('|').map((cell) => cell.trim());
    return { sourceType: match[1]!, families: families!.split(', '), cap, setting, ai, prefix };
  });
  const families = Object.fromEntries(
    [...section.matchAll(/^- \*\*(\w+)\*\*: ([\s\S]*?)(?=\n- \*\*|\n\n|(?![\s\S]))/gm)].map((m) => [
      m[1]!,
      [...m[2]!.matchAll(/`([^`]+)`/g)].map((type) => type[1]!),
    ]),
  );
  const UNITS: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
  const bytesOf = (cap = '') => {
    const [amount, unit] = cap.split(' ');
    return Number(amount) * (UNITS[unit!] ?? Number.NaN);
  };

  it('lists every built-in source type, in order', () => {
    expect(rows.map((row) => row.sourceType)).toEqual(
      builtInSourcePolicies().map((policy) => policy.sourceType),
    );
  });

  it('names the MIME types of each family as the policies define them', () => {
    expect(families).toEqual(MIME_FAMILIES);
  });

  it.each(builtInSourcePolicies().map((policy) => [policy.sourceType, policy] as const))(
    'gives %s its own types, cap, setting, AI metadata and prefix',
    (sourceType, policy) => {
      const row = rows.find((r) => r.sourceType === sourceType)!;
      const allowed = row.families.flatMap((family) => families[family] ?? [`?${family}`]);

      expect([...new Set(allowed)].sort()).toEqual([...policy.allowedMimeTypes].sort());
      expect(bytesOf(row.cap)).toBe(policy.maxSizeBytes);
      expect(row.setting).toBe(`\`${sizeCapSetting(sourceType)}\``);
      expect(row.ai).toBe(policy.aiMetadata ? 'yes' : 'no');
      expect(row.prefix).toBe(policy.prefix ? `\`S3_${policy.prefix.toUpperCase()}_PREFIX\`` : '—');
    },
  );
});
