import { CRITERIA, phaseSpec, type CriterionId, type PhaseId } from '../../core/catalog.ts';
import type { CheckEvidence, Escalation, ReasonClass } from '../../core/evidence.ts';
import type { EscalationLevel, Policy } from './policy.ts';

/** Who has to act on a failed check: the harness, the infrastructure, or the product (from the failure's kind and PHASES). */
export function classOfFailure(check: Pick<CheckEvidence, 'phase' | 'status' | 'failureKind'>): ReasonClass {
  // Interrupted (Ctrl-C, global timeout): the check never got to judge the product.
  if (check.failureKind === 'harness' || check.status === 'interrupted') return 'harness';
  if (check.phase === 'infra' || check.failureKind === 'rate-limited') return 'infrastructure';
  if (check.failureKind === 'infrastructure' && phaseSpec(check.phase)?.infrastructure) return 'infrastructure';
  return 'product';
}

const ORDER: readonly EscalationLevel[] = ['L1', 'L2', 'L3'];

/**
 * The runbook's escalation matrix applied to a reason: the criterion's level from the catalog;
 * infrastructure problems go at least to L2; missing evidence goes to L1, or L2 when an infra/deploy
 * phase blocked it; harness problems to L1 (the gate's owners).
 */
export function escalationFor(
  policy: Policy,
  criterion: CriterionId,
  cls: ReasonClass,
  blockingPhase?: PhaseId | null,
): Escalation {
  let level: EscalationLevel;
  if (cls === 'missing-evidence') level = blockingPhase === 'infra' || blockingPhase === 'deploy' ? 'L2' : 'L1';
  else if (cls === 'harness') level = 'L1';
  else {
    level = catalogLevel(criterion);
    if (cls === 'infrastructure' && ORDER.indexOf(level) < ORDER.indexOf('L2')) level = 'L2';
  }
  return { level, ...policy.escalation[level] };
}

/** A GO criterion takes the level of the NO-GO criterion that negates it; L1 when the catalog names none. */
function catalogLevel(criterion: CriterionId): EscalationLevel {
  const spec = CRITERIA[criterion];
  if ('escalation' in spec) return spec.escalation;
  if ('negatedBy' in spec) {
    const negation = CRITERIA[spec.negatedBy];
    if ('escalation' in negation) return negation.escalation;
  }
  return 'L1';
}
