// Integration and e2e tests start services and wait for events on a real broker.
jest.setTimeout(120_000);
