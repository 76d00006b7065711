import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@sargs/contracts';
import { EVENT_HANDLER_METADATA, type EventHandlerMetadata } from './event-handler.decorator';

export interface RegisteredHandler {
  name: string;
  metadata: EventHandlerMetadata;
  invoke(event: EventEnvelope, manager: EntityManager): Promise<void>;
}

/** Finds every @EventHandler method among the app's providers. */
@Injectable()
export class EventHandlerRegistry {
  private handlers?: Map<string, RegisteredHandler[]>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  topics(): string[] {
    return [...new Set([...this.all().values()].flat().map((h) => h.metadata.topic))];
  }

  handlersFor(topic: string, type: string): RegisteredHandler[] {
    return this.all().get(`${topic}\u0000${type}`) ?? [];
  }

  private all(): Map<string, RegisteredHandler[]> {
    if (this.handlers) return this.handlers;
    const handlers = new Map<string, RegisteredHandler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName] as (...args: unknown[]) => Promise<void>;
        const metadata: EventHandlerMetadata | undefined = Reflect.getMetadata(EVENT_HANDLER_METADATA, method);
        if (!metadata) continue;
        const key = `${metadata.topic}\u0000${metadata.type}`;
        const list = handlers.get(key) ?? [];
        list.push({
          name: `${instance.constructor.name}.${methodName}`,
          metadata,
          invoke: (event, manager) => method.call(instance, event, manager),
        });
        handlers.set(key, list);
      }
    }
    this.handlers = handlers;
    return handlers;
  }
}
