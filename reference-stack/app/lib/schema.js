// Does the 0002 column exist? The same code runs on both schema versions (rollback down-migrates
// under a running release), so it asks the database instead of assuming.
const PRIORITY_SQL = `SELECT 1 FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'media_requests' AND column_name = 'priority'`;

export function createSchemaProbe(pool, { knowsPriority }) {
  let cached = null;
  let checkedAt = 0;
  async function hasPriority() {
    // The previous release predates 0002: it never touches the column even when it exists.
    if (!knowsPriority) return false;
    if (cached !== null && Date.now() - checkedAt < 5000) return cached;
    const { rows } = await pool.query(PRIORITY_SQL);
    cached = rows.length > 0;
    checkedAt = Date.now();
    return cached;
  }
  const invalidate = () => {
    cached = null;
  };
  return { hasPriority, invalidate };
}
