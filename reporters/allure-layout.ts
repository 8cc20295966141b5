import { AGGREGATE_PROJECT, PHASES, TEARDOWN_PROJECT, isPhaseId } from '../core/catalog.ts';
import { TEAM_SPECS_SUFFIX, phaseOfProject } from '../core/phase-graph.ts';

/**
 * The deployment report's tree is the runbook: parentSuite = the phase with its runbook title, in
 * runbook order. Allure 3 sorts groups by name (our `defaultSortBy`) or by start time, so every
 * group name starts with its position, zero-padded to one width ("01." < "10." by name).
 *
 *   00. Staging decision
 *   01. Phase 1: Pre-Flight Validation
 *   ...
 *   09. GO condition: Rollback plan tested and ready
 *   10. Phase 7: Candidate live at the go-live decision   (the aggregate `staging` project)
 *   11. Teardown                                         (the reference stack removed after the run)
 */

/** Runbook Phase 7 is the aggregate project (`--project=staging`), not one of PHASES. */
export const AGGREGATE_TITLE = 'Phase 7: Candidate live at the go-live decision';
export const TEARDOWN_TITLE = 'Teardown';
const DECISION_TITLE = 'Staging decision';

const GROUPS: readonly { key: string; title: string }[] = [
  { key: 'decision', title: DECISION_TITLE },
  ...PHASES.map((p) => ({ key: p.id as string, title: p.runbook as string })),
  { key: AGGREGATE_PROJECT, title: AGGREGATE_TITLE },
  { key: TEARDOWN_PROJECT, title: TEARDOWN_TITLE },
];
const WIDTH = String(GROUPS.length).length;
const numbered = (index: number, title: string) => `${String(index).padStart(WIDTH, '0')}. ${title}`;

/** The decision's group: first in the tree, whatever the sort. */
export const DECISION_SUITE = numbered(0, DECISION_TITLE);

/** The parentSuite of a Playwright project: its phase (extra projects such as `integration:specs` included). */
export function phaseSuite(project: string): string {
  const key = isPhaseId(phaseOfProject(project)) ? phaseOfProject(project) : project;
  const index = GROUPS.findIndex((g) => g.key === key);
  // Another project (not a phase): after everything the runbook knows.
  return index === -1 ? numbered(GROUPS.length, `Other: ${project}`) : numbered(index, GROUPS[index]!.title);
}

/** The phase id a project belongs to (`integration:specs` -> `integration`), or the project itself. */
export function phaseKey(project: string): string {
  return isPhaseId(phaseOfProject(project)) ? phaseOfProject(project) : project;
}

/** Suite: the spec file; the team's own specs (the profile's `specs.dir`) say so. */
export function specSuite(project: string, file: string): string {
  return project.endsWith(TEAM_SPECS_SUFFIX) ? `Team specs: ${file}` : file;
}

export interface SuiteLabels {
  parentSuite: string;
  suite: string;
  /** The describe blocks, `outer > inner`; absent for top-level tests. */
  subSuite?: string;
}

export function suiteLabels(project: string, file: string, describes: readonly string[]): SuiteLabels {
  return {
    parentSuite: phaseSuite(project),
    suite: specSuite(project, file),
    ...(describes.length > 0 ? { subSuite: describes.join(' > ') } : {}),
  };
}
