// Bulk import of indicators: the admin upload page and POST /api/v1/indicators/import (issue 4 §1).
import type { AppInstance } from '../../../core/http/types.ts';
import type { ReputationDeps } from '../routes.ts';

export function registerImportRoutes(_app: AppInstance, _deps: ReputationDeps): void {}
