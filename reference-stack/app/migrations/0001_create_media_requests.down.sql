DROP TABLE IF EXISTS media_requests;
