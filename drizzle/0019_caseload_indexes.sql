CREATE INDEX "enrollments_coach_idx" ON "enrollments" USING btree ("coach_id");--> statement-breakpoint
CREATE INDEX "enrollments_case_manager_idx" ON "enrollments" USING btree ("case_manager_id");