import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CertificateKeySetView } from '@sargs/contracts';
import { ErasureCertificateSigner } from './erasure-certificate';

/**
 * docs/api.md "Erasure certificate keys": the public keys that verify erasure certificates, for
 * anyone (an auditor, the person) to check one without trusting what it carries or asking Sargs.
 */
@Controller('erasure-certificate-keys')
export class CertificateKeysController {
  constructor(private readonly signer: ErasureCertificateSigner) {}

  @Get()
  keys(@Res({ passthrough: true }) response: Response): CertificateKeySetView {
    // Public and the same for everyone; a rotation shows within minutes.
    response.set('cache-control', 'public, max-age=300');
    return this.signer.keys.jwks();
  }
}
