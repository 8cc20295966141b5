ALTER TABLE media_requests DROP COLUMN IF EXISTS priority;
