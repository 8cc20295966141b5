import type { CriterionId, PhaseId } from '../../core/catalog.ts';
import type { Objective } from './policy.ts';
import type { Reason } from '../../core/evidence.ts';

/** A reason before the policy and the escalation matrix are applied (internal to `decide`). */
export interface ReasonDraft extends Omit<Reason, 'escalation' | 'policyMode'> {
  /** The criterion the producing check declares: tells which GO criterion a hit is about. */
  source: CriterionId | null;
  /** For missing evidence: the failed phase that kept it from running. */
  blockingPhase?: PhaseId | null;
  /** One line saying what would remove this reason. */
  toGo: string;
  /** False for fail-closed reasons (harness errors, missing evidence): no policy mode can soften them. */
  policyApplies: boolean;
  /** The objective a measurement reason was graded against (its own mode wins). */
  objective?: Objective;
}
