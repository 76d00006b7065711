import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';
import type { Language } from '@sargs/contracts';

/** A policy version's text in one language, with the SHA-256 of its UTF-8 bytes. Insert-only. */
@Entity({ name: 'policy_text' })
export class PolicyText {
  @NotPersonalData('policy version label')
  @PrimaryColumn({ type: 'varchar', length: 50 })
  version!: string;

  @NotPersonalData('language code of the text')
  @PrimaryColumn({ type: 'varchar', length: 2 })
  language!: Language;

  @NotPersonalData('the public policy text (Markdown)')
  @Column({ type: 'text' })
  content!: string;

  @NotPersonalData('SHA-256 (hex) of the UTF-8 content')
  @Column({ type: 'char', length: 64 })
  sha256!: string;
}
