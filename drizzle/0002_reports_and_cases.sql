CREATE TABLE "domain_events" (
	"serial" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"aggregate_id" uuid NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"state" text NOT NULL,
	"verdict" text,
	"categories" text[] NOT NULL,
	"decision_ground" text,
	"legal_basis" text,
	"facts" text,
	"public_note" text,
	"automated_detection" boolean NOT NULL,
	"automated_decision" boolean NOT NULL,
	"duplicate_of" uuid,
	"decided_by" uuid,
	"decided_by_name" text NOT NULL,
	"decided_at" timestamp (3) with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp (3) with time zone,
	"review_note" text
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"public_note" text,
	"decision_id" uuid,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_reports" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"category" text NOT NULL,
	"province_code" text,
	"minhash" integer[] NOT NULL,
	"bands" text[] NOT NULL,
	"reported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_targets" (
	"case_id" uuid NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"display" text NOT NULL,
	"flags" text[] NOT NULL,
	"report_count" integer NOT NULL,
	"first_reported_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" serial NOT NULL,
	"status" text NOT NULL,
	"category" text NOT NULL,
	"categories" text[] NOT NULL,
	"severity" integer NOT NULL,
	"province_code" text,
	"report_count" integer NOT NULL,
	"first_reported_at" timestamp (3) with time zone NOT NULL,
	"last_reported_at" timestamp (3) with time zone NOT NULL,
	"assignee_id" uuid,
	"assigned_at" timestamp (3) with time zone,
	"first_reviewed_at" timestamp (3) with time zone,
	"decided_at" timestamp (3) with time zone,
	"due_at" timestamp (3) with time zone NOT NULL,
	"due_rule_version_id" uuid NOT NULL,
	"duplicate_of" uuid,
	"search_text" text NOT NULL,
	"has_new_information" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "case_merge_suggestions" (
	"case_id" uuid NOT NULL,
	"other_case_id" uuid NOT NULL,
	"similarity" real NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "case_merge_suggestions_case_id_other_case_id_pk" PRIMARY KEY("case_id","other_case_id")
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"sha256" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"file_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_notifications" (
	"report_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"sent_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "report_notifications_report_id_event_key_pk" PRIMARY KEY("report_id","event_key")
);
--> statement-breakpoint
CREATE TABLE "report_targets" (
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"display" text NOT NULL,
	"flags" text[] NOT NULL,
	CONSTRAINT "report_targets_report_id_position_pk" PRIMARY KEY("report_id","position")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket" text NOT NULL,
	"case_id" uuid NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"locale" text NOT NULL,
	"province_code" text,
	"channel" text NOT NULL,
	"contact_ciphertext" text,
	"contact_kind" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "reports_ticket_unique" UNIQUE("ticket")
);
--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reports" ADD CONSTRAINT "case_reports_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_targets" ADD CONSTRAINT "case_targets_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_merge_suggestions" ADD CONSTRAINT "case_merge_suggestions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_merge_suggestions" ADD CONSTRAINT "case_merge_suggestions_other_case_id_cases_id_fk" FOREIGN KEY ("other_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_evidence" ADD CONSTRAINT "report_evidence_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_notifications" ADD CONSTRAINT "report_notifications_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_targets" ADD CONSTRAINT "report_targets_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("type","serial");--> statement-breakpoint
CREATE INDEX "domain_events_aggregate_idx" ON "domain_events" USING btree ("aggregate_id","serial");--> statement-breakpoint
CREATE INDEX "case_decisions_case_idx" ON "case_decisions" USING btree ("case_id","decided_at");--> statement-breakpoint
CREATE INDEX "case_decisions_pending_idx" ON "case_decisions" USING btree ("state") WHERE state = 'pending_approval';--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at","seq");--> statement-breakpoint
CREATE INDEX "case_notes_case_idx" ON "case_notes" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "case_reports_case_idx" ON "case_reports" USING btree ("case_id","reported_at");--> statement-breakpoint
CREATE INDEX "case_reports_bands_idx" ON "case_reports" USING gin ("bands");--> statement-breakpoint
CREATE UNIQUE INDEX "case_targets_key" ON "case_targets" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "case_targets_case_idx" ON "case_targets" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "cases_province_idx" ON "cases" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "cases_last_reported_idx" ON "cases" USING btree ("last_reported_at");--> statement-breakpoint
CREATE INDEX "case_merge_other_idx" ON "case_merge_suggestions" USING btree ("other_case_id");--> statement-breakpoint
CREATE INDEX "report_events_report_idx" ON "report_events" USING btree ("report_id","at");--> statement-breakpoint
CREATE INDEX "report_evidence_report_idx" ON "report_evidence" USING btree ("report_id","position");--> statement-breakpoint
CREATE INDEX "report_targets_key_idx" ON "report_targets" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "reports_case_idx" ON "reports" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "reports_created_idx" ON "reports" USING btree ("created_at");