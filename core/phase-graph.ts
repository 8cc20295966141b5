import { PHASES, type PhaseId } from './catalog.ts';

/** Project name suffix of the team's own specs (the profile's `specs.dir`): `integration:specs` belongs to integration. */
export const TEAM_SPECS_SUFFIX = ':specs';

/** The phase a Playwright project belongs to: its own name, or the part before `:` for extra projects of a phase. */
export function phaseOfProject(project: string): string {
  const i = project.indexOf(':');
  return i === -1 ? project : project.slice(0, i);
}

/**
 * A phase's project dependencies. Normally the runbook's graph (PHASES). In keep-going mode phases that
 * only read run even after an earlier phase failed, so one run lists every defect; phases that change
 * things (deploying, load, rollback) still wait for everything before them.
 */
export function phaseDependencies(phase: PhaseId, options: { keepGoing: boolean; deploys: boolean }): PhaseId[] {
  const spec = PHASES.find((p) => p.id === phase);
  if (!spec) return [];
  if (!options.keepGoing) return [...spec.dependsOn];
  if (spec.changes === 'always' || (spec.changes === 'when-deploying' && options.deploys)) {
    // Everything earlier, so a change never happens on a target with an unexamined failure.
    const index = PHASES.findIndex((p) => p.id === phase);
    return spec.id === 'rollback' || spec.id === 'perf' ? PHASES.slice(0, index).map((p) => p.id) : [...spec.dependsOn];
  }
  // Read-only: after the last phase that changed the target, nothing else.
  const lastChange = [
    ...PHASES.slice(
      0,
      PHASES.findIndex((p) => p.id === phase),
    ),
  ]
    .reverse()
    .find((p) => p.changes === 'always' || (p.changes === 'when-deploying' && options.deploys));
  return lastChange ? [lastChange.id] : [];
}
