ALTER TABLE "reports" ALTER COLUMN "case_id" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "reports_ungrouped_idx" ON "reports" USING btree ("created_at","id") WHERE case_id is null;