import { SARGS_SERVICES, TOPIC_SUBSCRIPTIONS, TOPIC_SPECS } from '@sargs/contracts';
import { PrivacyParticipantConsumer } from '@sargs/platform/service';
import { handlerTopics } from '@sargs/testing';
import { consentService } from '../../apps/consent/src/consent.definition';
import { contactsService } from '../../apps/contacts/src/contacts.definition';
import { identityService } from '../../apps/identity/src/identity.definition';
import { notificationsService } from '../../apps/notifications/src/notifications.definition';
import { organizationsService } from '../../apps/organizations/src/organizations.definition';
import { profileService } from '../../apps/profile/src/profile.definition';
import { retentionService } from '../../apps/retention/src/retention.definition';

const DEFINITIONS = [identityService, profileService, consentService, notificationsService, retentionService, contactsService, organizationsService];

// The ACLs (docs/messaging.md, "Principals and ACLs") come from TOPIC_SUBSCRIPTIONS: a handler on
// a topic missing there would be denied its reads by the broker, and a listed topic nobody
// handles would be a read right too many.
describe('topic subscriptions: the contracts and the consumer handlers agree', () => {
  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('%s reads exactly the topics its handlers and the privacy participant consume', (_name, definition) => {
    const participant = handlerTopics([{ module: class ParticipantProbe {}, controllers: [PrivacyParticipantConsumer] }]);
    const handled = [...new Set([...handlerTopics(definition.features), ...participant])].sort();
    expect(handled).toEqual([...TOPIC_SUBSCRIPTIONS[definition.name]].sort());
  });

  it('covers every service, and every topic it names exists', () => {
    expect(DEFINITIONS.map((d) => d.name).sort()).toEqual([...SARGS_SERVICES].sort());
    const topics = new Set<string>(TOPIC_SPECS.map((spec) => spec.name));
    for (const service of SARGS_SERVICES) for (const topic of TOPIC_SUBSCRIPTIONS[service]) expect({ service, topic, exists: topics.has(topic) }).toEqual({ service, topic, exists: true });
  });
});
