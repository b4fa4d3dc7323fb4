-- Every message now goes through the notification engine (the `notifications` outbox of 0007).
-- Takedown notices move over with their ids (still the webhook ids receivers use to drop repeats):
-- pending ones keep their schedule, failed ones stay dead letters, delivered ones stay in the log.
INSERT INTO "notifications" ("id", "channel", "template", "locale", "recipient_key", "endpoint_id", "org_id", "subject_type", "subject_id", "data", "dedupe_key", "status", "attempts", "next_attempt_at", "message_id", "last_error", "last_status", "delivered_at", "created_at")
SELECT "id", "channel", "event", 'vi',
  CASE WHEN "channel" = 'webhook' THEN 'webhook:' || "endpoint_id" ELSE 'org:' || "org_id" END,
  "endpoint_id", "org_id", 'takedown_request', "request_id", jsonb_build_object('requestId', "request_id"),
  "event" || ':' || "request_id" || CASE WHEN "channel" = 'webhook' THEN ':webhook:' || "endpoint_id" ELSE ':contact' END,
  "status", "attempts", "next_attempt_at", "id", "last_error", "last_status", "delivered_at", "created_at"
FROM "takedown_notices"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Emails to reporters and appellants still waiting in the job queue become notifications (the
-- recipient key is the report's or appeal's id: the address's HMAC needs the instance secret),
-- and those jobs are cancelled. A fresh database has no job queue yet, hence the check.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    INSERT INTO "notifications" ("channel", "template", "locale", "recipient_key", "address_ciphertext", "subject_type", "subject_id", "data", "dedupe_key", "status", "attempts", "next_attempt_at", "created_at")
    SELECT 'email', 'report.status', r."locale", 'report:' || r."id", r."contact_ciphertext", 'report', r."id",
      jsonb_build_object('reportId', r."id", 'eventKey', j."data"->>'eventKey'), 'report:' || r."id" || ':' || (j."data"->>'eventKey'), 'pending', 0, now(), now()
    FROM pgboss.job j JOIN "reports" r ON r."id"::text = j."data"->>'reportId'
    WHERE j."name" = 'reports.notify-reporter' AND j."state" IN ('created', 'retry', 'active') AND r."contact_kind" = 'email' AND r."contact_ciphertext" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "report_notifications" n WHERE n."report_id" = r."id" AND n."event_key" = j."data"->>'eventKey')
    ON CONFLICT DO NOTHING;
    INSERT INTO "notifications" ("channel", "template", "locale", "recipient_key", "address_ciphertext", "subject_type", "subject_id", "data", "dedupe_key", "status", "attempts", "next_attempt_at", "created_at")
    SELECT 'email', 'takedown.appeal', a."locale", 'takedown-appeal:' || a."id", a."contact_ciphertext", 'takedown_appeal', a."id",
      jsonb_build_object('appealId', a."id", 'event', j."data"->>'event'), 'takedown-appeal:' || a."id" || ':' || (j."data"->>'event'), 'pending', 0, now(), now()
    FROM pgboss.job j JOIN "takedown_appeals" a ON a."id"::text = j."data"->>'appealId'
    WHERE j."name" = 'takedowns.notify-appellant' AND j."state" IN ('created', 'retry', 'active') AND a."contact_ciphertext" IS NOT NULL
    ON CONFLICT DO NOTHING;
    INSERT INTO "notifications" ("channel", "template", "locale", "recipient_key", "address_ciphertext", "subject_type", "subject_id", "data", "dedupe_key", "status", "attempts", "next_attempt_at", "created_at")
    SELECT 'email', 'reputation.appeal', a."locale", 'appeal:' || a."id", a."contact_ciphertext", 'appeal', a."id",
      jsonb_build_object('appealId', a."id", 'event', j."data"->>'event'), 'appeal:' || a."id" || ':' || (j."data"->>'event'), 'pending', 0, now(), now()
    FROM pgboss.job j JOIN "indicator_appeals" a ON a."id"::text = j."data"->>'appealId'
    WHERE j."name" = 'reputation.notify-appellant' AND j."state" IN ('created', 'retry', 'active')
    ON CONFLICT DO NOTHING;
    UPDATE pgboss.job SET "state" = 'cancelled', "completed_on" = now()
    WHERE "name" IN ('reports.notify-reporter', 'takedowns.notify-appellant', 'reputation.notify-appellant', 'takedowns.escalate') AND "state" IN ('created', 'retry');
  END IF;
END $$;--> statement-breakpoint
DROP TABLE "report_notifications" CASCADE;--> statement-breakpoint
DROP TABLE "takedown_notices" CASCADE;
