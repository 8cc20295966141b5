/**
 * npx tsx tests/self/fault-matrix-doc.ts > docs/FAULT-MATRIX.md
 *
 * The fault matrix data lives with the self-tests; scripts may not import tests/ (README "Layout"),
 * so this entry point hands the rows to the renderer in scripts/fault-matrix-doc.ts.
 */
import { renderFaultMatrixDoc } from '../../scripts/fault-matrix-doc.ts';
import { FAULT_MATRIX } from './fault-matrix.ts';

process.stdout.write(await renderFaultMatrixDoc(FAULT_MATRIX));
