import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import { LANGUAGES, PolicyPublished, PRIVACY_POLICY_SUBJECT, type Language, type publishPolicyBody } from '@sargs/contracts';
import { EventPublisher } from '@sargs/platform/messaging';
import { AuditRecorder, ConflictError } from '@sargs/platform/service';
import { SignupConsentService } from '../consents/signup-consent.service';
import { sha256Hex } from './policy-etag';
import { PolicyRepository, type PolicyDocument } from './policy.repository';

export interface PolicyVersionSummary {
  version: string;
  publishedAt: string;
  languages: Language[];
  sha256: Record<Language, string>;
}

/** POST /admin/policies/privacy's body, already parsed by the controller. */
export type PolicyPublication = z.output<typeof publishPolicyBody>;

export interface PolicyDocumentView {
  version: string;
  language: Language;
  publishedAt: string;
  sha256: string;
  content: string;
}

export const toDocumentView = (doc: PolicyDocument): PolicyDocumentView => ({
  version: doc.version,
  language: doc.language,
  publishedAt: doc.publishedAt.toISOString(),
  sha256: doc.sha256,
  content: doc.content,
});

/** Privacy policy versions (R25): insert-only documents, one text per language, each with its SHA-256. */
@Injectable()
export class PoliciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    private readonly signups: SignupConsentService,
    private readonly audit: AuditRecorder,
    private readonly policies: PolicyRepository,
  ) {}

  /** `version` null: the version in force. */
  async document(version: string | null, language: Language): Promise<PolicyDocument | undefined> {
    return this.policies.document(version, language);
  }

  /** Every version, newest first. */
  async list(): Promise<PolicyVersionSummary[]> {
    const rows = await this.policies.listTexts();
    const byVersion = new Map<string, PolicyVersionSummary>();
    for (const row of rows) {
      let summary = byVersion.get(row.version);
      if (!summary) {
        summary = { version: row.version, publishedAt: row.published_at.toISOString(), languages: [], sha256: {} as Record<Language, string> };
        byVersion.set(row.version, summary);
      }
      summary.sha256[row.language] = row.sha256;
    }
    for (const summary of byVersion.values()) summary.languages = LANGUAGES.filter((l) => l in summary.sha256);
    return [...byVersion.values()];
  }

  /** POST /admin/policies/privacy: in force at once; 409 for a version that exists. */
  async publishByStaff(input: PolicyPublication, staffAccountId: string): Promise<PolicyVersionSummary> {
    const texts = { lv: input.translations.lv.content, en: input.translations.en.content };
    const summary = await this.dataSource.transaction((manager) => this.publish(manager, input.version, texts, staffAccountId, 'refuse-existing'));
    if (!summary) throw new ConflictError('This policy version exists already', [{ field: 'version', message: 'is already published' }]);
    return summary;
  }

  /**
   * The seed version (POLICY_SEED_DIR), only while no version exists at all. Several instances
   * booting at once queue on the publish lock; the first publishes, the others find a version.
   */
  async publishSeed(version: string, texts: Record<Language, string>): Promise<PolicyVersionSummary | undefined> {
    return this.dataSource.transaction((manager) => this.publish(manager, version, texts, null, 'only-if-none'));
  }

  private async publish(
    manager: EntityManager,
    version: string,
    texts: Record<Language, string>,
    publishedBy: string | null,
    mode: 'refuse-existing' | 'only-if-none',
  ): Promise<PolicyVersionSummary | undefined> {
    await this.policies.lockPublications(manager);
    const existing = await this.policies.latestAnd(manager, mode === 'refuse-existing' ? version : null);
    if (mode === 'only-if-none' && existing.length > 0) return undefined;
    if (existing.some((row) => row.version === version)) return undefined;
    // Millisecond precision everywhere (events, identity's projection), strictly after the last one.
    const latest = existing.reduce((max, row) => Math.max(max, row.published_at.getTime()), 0);
    const publishedAt = new Date(Math.max(Date.now(), latest + 1));
    const sha256 = { lv: sha256Hex(texts.lv), en: sha256Hex(texts.en) };
    await this.policies.insert(manager, { version, publishedAt, publishedBy, texts, sha256 });
    const summary: PolicyVersionSummary = { version, publishedAt: publishedAt.toISOString(), languages: [...LANGUAGES], sha256 };
    await this.publisher.publish(manager, PolicyPublished, PRIVACY_POLICY_SUBJECT, summary);
    await this.signups.recordPending(manager, version);
    // Staff publications only: the seed is the deployment's starting text, not anyone's action.
    // The version is the subject as it is: policyVersionField admits only the audit subject's characters.
    if (publishedBy) await this.audit.record(manager, { action: 'policy.published', actorId: publishedBy, subject: version });
    return summary;
  }
}
