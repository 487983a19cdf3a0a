-- The audit viewer's date-range query, before and after its id bounds (ADR 0025,
-- docs/performance.md, audit). Two million events over 52,000 organizations, one every
-- 30 seconds from 2025-01-01; the tables keep only the columns and indexes the query uses.
-- Run: psql -h 127.0.0.1 -U postgres -f bench/audit_date_range.sql postgres
DROP DATABASE IF EXISTS pd_auditexp;
CREATE DATABASE pd_auditexp;
\c pd_auditexp
CREATE TABLE organizations_organization (id bigint primary key, path varchar(255) not null);
CREATE INDEX org_path ON organizations_organization (path varchar_pattern_ops);
INSERT INTO organizations_organization SELECT g, '000001.' || lpad((g % 60)::text, 6, '0') || '.' || lpad(g::text, 6, '0') FROM generate_series(2, 52000) g;
INSERT INTO organizations_organization VALUES (1, '000001');
CREATE TABLE core_auditevent (id bigserial primary key, occurred_at timestamptz not null, actor_id int, actor_label varchar(200), action varchar(100), target_type varchar(100), target_id varchar(64), target_label varchar(300), organization_id bigint, ip inet, details jsonb);
INSERT INTO core_auditevent (occurred_at, actor_label, action, target_type, target_id, target_label, organization_id, details)
SELECT timestamptz '2025-01-01' + (g * interval '30 seconds'), 'Nguyễn Văn A', 'documents.document.approved', 'document', g::text, 'Công văn số ' || g, 1 + (g::bigint * 7919) % 52000, '{"k": 1}'::jsonb FROM generate_series(1, 2000000) g;
CREATE INDEX audit_org_id_idx ON core_auditevent (organization_id, id DESC);
CREATE INDEX audit_action_idx ON core_auditevent (action varchar_pattern_ops);
CREATE INDEX audit_occ ON core_auditevent (occurred_at);
CREATE TABLE core_auditseal (seq bigint primary key, event_id bigint unique references core_auditevent(id), prev_hash varchar(64), hash varchar(64));
INSERT INTO core_auditseal SELECT id, id, repeat('a',64), repeat('b',64) FROM core_auditevent;
VACUUM ANALYZE;

-- Before: the time filter alone (the whole tree, two days long ago).
EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT e.*, s.* FROM core_auditevent e LEFT JOIN core_auditseal s ON e.id = s.event_id WHERE e.organization_id IN (SELECT U0.id FROM organizations_organization U0 WHERE U0.path::text LIKE '000001%') AND e.occurred_at >= '2025-01-05 00:00:00+07' AND e.occurred_at < '2025-01-07 00:00:00+07' ORDER BY e.id DESC LIMIT 51;
-- After: the same with the id bounds the selector adds (one index probe each).
EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT e.*, s.* FROM core_auditevent e LEFT JOIN core_auditseal s ON e.id = s.event_id WHERE e.organization_id IN (SELECT U0.id FROM organizations_organization U0 WHERE U0.path::text LIKE '000001%') AND e.id > COALESCE((SELECT U0.id FROM core_auditevent U0 WHERE U0.occurred_at < '2025-01-04 23:00:00+07' ORDER BY U0.occurred_at DESC LIMIT 1), 0) AND e.occurred_at >= '2025-01-05 00:00:00+07' AND e.id < COALESCE((SELECT U0.id FROM core_auditevent U0 WHERE U0.occurred_at >= '2025-01-07 01:00:00+07' ORDER BY U0.occurred_at ASC LIMIT 1), 9223372036854775807) AND e.occurred_at < '2025-01-07 00:00:00+07' ORDER BY e.id DESC LIMIT 51;
