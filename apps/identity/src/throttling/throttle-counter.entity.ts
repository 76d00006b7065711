import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NotPersonalData } from '@sargs/platform/privacy';

/**
 * A failure or send counter for one key: an account's address, a client address or a mail
 * recipient. Kept in the database so every identity instance sees the same count.
 */
@Entity({ name: 'throttle_counter' })
export class ThrottleCounter {
  @NotPersonalData('HMAC-SHA256 (service key) of the scope and key; not reversible, purged when its window ends (R1 throttling counters)')
  @PrimaryColumn({ type: 'bytea' })
  key!: Buffer;

  @NotPersonalData('what is counted: login-account, login-client or mail-recipient')
  @Column({ type: 'varchar', length: 32 })
  scope!: string;

  @NotPersonalData('count within the window')
  @Column({ type: 'integer' })
  count!: number;

  @NotPersonalData('window timestamp')
  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt!: Date;

  @NotPersonalData('window timestamp')
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @NotPersonalData('backoff end')
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
