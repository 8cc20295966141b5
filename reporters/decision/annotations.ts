import { z } from 'zod';
import { CRITERIA, isCriterionId, type CriterionId } from '../../core/catalog.ts';
import { ANNOTATION, type Finding, type Measurement } from '../../core/evidence.ts';

/**
 * The reader side of the evidence contract (fixtures/evidence.ts writes it): a check's criterion
 * and the measurements and findings it recorded, validated. Unreadable entries become harness problems.
 */

export interface Annotation {
  type: string;
  description?: string;
}

const CRITERION_IDS = Object.keys(CRITERIA) as [CriterionId, ...CriterionId[]];

const measurementSchema = z.object({
  name: z.string().min(1),
  // JSON turns NaN and Infinity into null: a value that was never measured.
  value: z.number().nullable(),
  unit: z.enum(['ms', 's', 'ratio', 'count', 'rate', 'req/s', 'percent']),
  samples: z.number().int().nonnegative().optional(),
});

const findingSchema = z.object({
  criterion: z.enum(CRITERION_IDS),
  severity: z.enum(['info', 'minor', 'major', 'critical']),
  message: z.string(),
  measured: z.string().optional(),
  threshold: z.string().optional(),
});

export interface ReadAnnotations {
  criterion: CriterionId | null;
  measurements: Measurement[];
  findings: Finding[];
  /** `harness:` messages for annotations that break the contract. */
  problems: string[];
}

export function readAnnotations(
  title: string,
  declared: readonly Annotation[],
  recorded: readonly Annotation[],
): ReadAnnotations {
  const problems: string[] = [];
  const declaredCriterion = declared.find((a) => a.type === ANNOTATION.criterion)?.description;
  let criterion: CriterionId | null = null;
  if (declaredCriterion !== undefined) {
    if (isCriterionId(declaredCriterion)) criterion = declaredCriterion;
    else
      problems.push(
        `harness: check "${title}" declares unknown criterion "${declaredCriterion}" (known: core/catalog.ts)`,
      );
  }
  const measurements = parseAll(recorded, ANNOTATION.measurement, measurementSchema, title, problems).map(
    (m): Measurement =>
      m.value === null || !Number.isFinite(m.value)
        ? { name: m.name, value: 0, unit: m.unit, samples: 0 }
        : { name: m.name, value: m.value, unit: m.unit, ...(m.samples === undefined ? {} : { samples: m.samples }) },
  );
  const findings = parseAll(recorded, ANNOTATION.finding, findingSchema, title, problems).map((f): Finding => ({
    criterion: f.criterion,
    severity: f.severity,
    message: f.message,
    ...(f.measured === undefined ? {} : { measured: f.measured }),
    ...(f.threshold === undefined ? {} : { threshold: f.threshold }),
  }));
  return { criterion, measurements, findings, problems };
}

function parseAll<T>(
  annotations: readonly Annotation[],
  type: string,
  schema: z.ZodType<T>,
  title: string,
  problems: string[],
): T[] {
  return annotations
    .filter((a) => a.type === type)
    .flatMap((a) => {
      let json: unknown;
      try {
        json = JSON.parse(a.description ?? '');
      } catch {
        problems.push(`harness: check "${title}" recorded a ${type} that is not JSON: ${a.description ?? '(empty)'}`);
        return [];
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) return [parsed.data];
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      problems.push(`harness: check "${title}" recorded an invalid ${type} (${why})`);
      return [];
    });
}
