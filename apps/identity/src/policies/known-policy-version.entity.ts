import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/** Identity's projection of published privacy policy versions: sign-up must accept the current one. */
@Entity({ name: 'known_policy_version' })
export class KnownPolicyVersion {
  @NotPersonalData('policy version label')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  version!: string;

  @NotPersonalData('publication time')
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
