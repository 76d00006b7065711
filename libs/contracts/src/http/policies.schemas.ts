import { z } from 'zod';
import { languageField } from './common.schemas';

/** Request and response bodies of docs/api.md "Policy and consent" (policy documents, R25). */

/**
 * A version label: also a path segment (/policies/privacy/versions/:version) and part of an ETag,
 * so letters, digits, '.', '_' and '-' only, starting with a letter or digit.
 */
export const policyVersionField = z
  .string()
  .min(1, 'is required')
  .max(50, 'must be at most 50 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/u, "must be letters, digits, '.', '_' or '-', starting with a letter or digit");

/** A policy text: Markdown, 1 to 200,000 characters. */
export const policyContentField = z
  .string()
  .min(1, 'must not be empty')
  .max(200_000, 'must be at most 200000 characters');

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/u);

export const policyTranslation = z.object({ content: policyContentField }).strict();

/** POST /admin/policies/privacy: both languages are required. */
export const publishPolicyBody = z
  .object({
    version: policyVersionField,
    translations: z.object({ lv: policyTranslation, en: policyTranslation }).strict(),
  })
  .strict();

/** `?lang=` of the policy reads; absent means the gateway's language hint, else en. */
export const policyLanguageQuery = z.object({ lang: languageField.optional() }).passthrough();

/** One policy version in one language. */
export const policyDocumentView = z
  .object({
    version: z.string(),
    language: languageField,
    publishedAt: z.string().datetime(),
    sha256: sha256Hex.describe('SHA-256 (hex) of the UTF-8 content'),
    content: z.string().describe('Markdown'),
  })
  .strict();

/** A version as the history lists it; newest first. */
export const policyVersionSummary = z
  .object({
    version: z.string(),
    publishedAt: z.string().datetime(),
    languages: z.array(languageField),
    sha256: z.object({ lv: sha256Hex, en: sha256Hex }).strict(),
  })
  .strict();
