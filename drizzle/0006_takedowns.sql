CREATE TABLE "operated_domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "takedown_appeal_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appeal_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"file_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "takedown_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket" text NOT NULL,
	"request_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"appellant_name" text NOT NULL,
	"contact_ciphertext" text,
	"statement" text NOT NULL,
	"locale" text NOT NULL,
	"status" text NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "takedown_appeals_ticket_unique" UNIQUE("ticket")
);
--> statement-breakpoint
CREATE TABLE "takedown_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_org_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "takedown_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"file_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "takedown_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"endpoint_id" uuid,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp (3) with time zone NOT NULL,
	"last_error" text,
	"last_status" integer,
	"delivered_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "takedown_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" serial NOT NULL,
	"kind" text NOT NULL,
	"issuer_org_id" uuid,
	"recipient_org_id" uuid NOT NULL,
	"case_id" uuid,
	"report_id" uuid,
	"action" text NOT NULL,
	"targets" jsonb NOT NULL,
	"category" text NOT NULL,
	"legal_basis" text NOT NULL,
	"statement" text NOT NULL,
	"evidence_links" text[] NOT NULL,
	"complaint_text" text,
	"complainant_contact_ciphertext" text,
	"urgent" boolean NOT NULL,
	"status" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"due_rule_version_id" uuid NOT NULL,
	"due_rule_key" text NOT NULL,
	"due_rule_citation" text NOT NULL,
	"delivered_at" timestamp (3) with time zone,
	"acknowledged_at" timestamp (3) with time zone,
	"responded_at" timestamp (3) with time zone,
	"actioned_at" timestamp (3) with time zone,
	"response_note" text,
	"response_proof" text,
	"withdrawn_at" timestamp (3) with time zone,
	"withdrawn_reason" text,
	"reminded_at" timestamp (3) with time zone,
	"overdue_at" timestamp (3) with time zone,
	"created_by" uuid,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "takedown_requests_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "transparency_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"platform_org_id" uuid NOT NULL,
	"platform_name" text NOT NULL,
	"decision_visibility" text[] NOT NULL,
	"decision_account" text,
	"decision_provision" text,
	"decision_ground" text NOT NULL,
	"legal_ground" text NOT NULL,
	"explanation" text NOT NULL,
	"category" text NOT NULL,
	"content_type" text[] NOT NULL,
	"automated_detection" boolean NOT NULL,
	"automated_decision" text NOT NULL,
	"source_type" text NOT NULL,
	"territorial_scope" text[] NOT NULL,
	"outcome" text NOT NULL,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"application_date" timestamp (3) with time zone NOT NULL,
	"on_time" boolean NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"appeal_outcome" text
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"disabled_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "share_contact" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "takedown_appeal_evidence" ADD CONSTRAINT "takedown_appeal_evidence_appeal_id_takedown_appeals_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."takedown_appeals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_appeals" ADD CONSTRAINT "takedown_appeals_request_id_takedown_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."takedown_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_appeals" ADD CONSTRAINT "takedown_appeals_statement_id_transparency_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."transparency_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_events" ADD CONSTRAINT "takedown_events_request_id_takedown_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."takedown_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_evidence" ADD CONSTRAINT "takedown_evidence_request_id_takedown_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."takedown_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takedown_notices" ADD CONSTRAINT "takedown_notices_request_id_takedown_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."takedown_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transparency_statements" ADD CONSTRAINT "transparency_statements_request_id_takedown_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."takedown_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "operated_domains_domain_idx" ON "operated_domains" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "operated_domains_org_idx" ON "operated_domains" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "takedown_appeal_evidence_appeal_idx" ON "takedown_appeal_evidence" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "takedown_appeals_status_idx" ON "takedown_appeals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "takedown_appeals_request_idx" ON "takedown_appeals" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "takedown_appeals_open_idx" ON "takedown_appeals" USING btree ("request_id") WHERE status = 'received';--> statement-breakpoint
CREATE INDEX "takedown_events_request_idx" ON "takedown_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "takedown_evidence_request_idx" ON "takedown_evidence" USING btree ("request_id","position");--> statement-breakpoint
CREATE INDEX "takedown_notices_due_idx" ON "takedown_notices" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "takedown_notices_request_idx" ON "takedown_notices" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "takedown_requests_recipient_idx" ON "takedown_requests" USING btree ("recipient_org_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "takedown_requests_issuer_idx" ON "takedown_requests" USING btree ("issuer_org_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "takedown_requests_issued_idx" ON "takedown_requests" USING btree ("issued_at","id");--> statement-breakpoint
CREATE INDEX "takedown_requests_case_idx" ON "takedown_requests" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "takedown_requests_open_due_idx" ON "takedown_requests" USING btree ("due_at") WHERE status in ('issued', 'delivered', 'acknowledged');--> statement-breakpoint
CREATE INDEX "takedown_requests_unmarked_due_idx" ON "takedown_requests" USING btree ("due_at","id") WHERE overdue_at is null and status in ('issued', 'delivered', 'acknowledged');--> statement-breakpoint
CREATE UNIQUE INDEX "transparency_statements_request_idx" ON "transparency_statements" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "transparency_statements_published_idx" ON "transparency_statements" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "transparency_statements_platform_idx" ON "transparency_statements" USING btree ("platform_org_id","published_at","id");--> statement-breakpoint
CREATE INDEX "webhook_endpoints_org_idx" ON "webhook_endpoints" USING btree ("org_id");