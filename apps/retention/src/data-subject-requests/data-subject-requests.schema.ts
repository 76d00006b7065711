import type { EntityClass } from '@sargs/platform/privacy';
import { CreateDataSubjectRequests1797100002000 } from '../migrations/1797100002000-create-data-subject-requests';
import { DataSubjectAnswer } from './data-subject-answer.entity';
import { DataSubjectRequest } from './data-subject-request.entity';

/** Organisations' data-subject requests: their entities and migrations (collected in config/database-schema.ts). */
export const DATA_SUBJECT_REQUESTS_ENTITIES: EntityClass[] = [DataSubjectRequest, DataSubjectAnswer];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const DATA_SUBJECT_REQUESTS_MIGRATIONS: Function[] = [CreateDataSubjectRequests1797100002000];
