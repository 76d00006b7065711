/** A Kafka record as the inbox sees it, free of client-library types. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** The record's timestamp (ms since the epoch, as a string): when the relay's producer sent it. */
  timestamp: string;
}
