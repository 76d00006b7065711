/** Request and response bodies of docs/api.md "Organisations": contacts, an organisation's business data about people. */
export {};
