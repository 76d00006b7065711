import type { RoleName } from '@sargs/contracts';
import { linkBlock, textBlock } from './mail-content';
import { PRODUCT_NAME } from './mail-template';
import type { TemplateTexts } from './template-texts';
import { formatUtcDateTime } from './utc-date-time';

const P = PRODUCT_NAME;

const ROLE_LABELS: Record<RoleName, string> = { user: 'lietotājs', support: 'atbalsts', dpo: 'datu aizsardzības speciālists (DPO)', admin: 'administrators' };

/** Formal "jūs", as in the privacy policy; gendered forms are given both ways ("piekritis vai piekritusi"). */
export const LATVIAN_TEXTS: TemplateTexts = {
  greeting: (name) => (name === null ? 'Labdien!' : `Labdien, ${name}!`),
  signature: `${P} komanda`,
  categoryNotice: {
    transactional: `Jūs saņemat šo e-pastu, jo tas attiecas uz jūsu ${P} kontu.`,
    security: `Šis ir drošības paziņojums par ${P}. Drošības paziņojumus saņem katrs skartais konts, un no tiem nevar atteikties.`,
    service:
      `Šis ir pakalpojuma paziņojums par ${P} un tā privātuma politiku. Šādus paziņojumus saņem katrs konts, un no tiem nevar atteikties; ` +
      'vienīgais veids, kā tos apturēt, ir slēgt savu kontu.',
    marketing: `Jūs saņemat šo e-pastu, jo esat piekritis vai piekritusi saņemt ${P} jaunumus.`,
  },
  unsubscribeLead: 'Atteikties var ar vienu klikšķi, nepiesakoties:',
  unsubscribeLabel: 'Atteikties no jaunumiem',
  webAppLead: `${P}:`,
  templates: {
    'verify-email': ({ link, expiresAt }) => ({
      subject: 'Apstipriniet savu e-pasta adresi',
      blocks: [
        linkBlock(`Lai apstiprinātu šo e-pasta adresi savam ${P} kontam, atveriet šo saiti:`, link),
        textBlock(`Saite ir derīga līdz ${formatUtcDateTime(expiresAt)}.`),
        textBlock('Ja jūs to nepieprasījāt, šo e-pastu varat droši ignorēt.'),
      ],
    }),
    'password-reset': ({ link, expiresAt }) => ({
      subject: `${P} paroles atjaunošana`,
      blocks: [
        linkBlock(`Mēs saņēmām pieprasījumu atjaunot jūsu ${P} konta paroli. Lai izvēlētos jaunu paroli, atveriet šo saiti:`, link),
        textBlock(`Saiti var izmantot vienu reizi, un tā ir derīga līdz ${formatUtcDateTime(expiresAt)}. Jaunas paroles iestatīšana izbeidz visas jūsu sesijas.`),
        textBlock('Ja jūs neprasījāt atjaunot paroli, šo e-pastu varat ignorēt: jūsu parole paliek nemainīta.'),
      ],
    }),
    'email-change-confirm': ({ link, expiresAt }) => ({
      subject: 'Apstipriniet savu jauno e-pasta adresi',
      blocks: [
        linkBlock(
          `Šī adrese tika norādīta kā jaunā ${P} konta e-pasta adrese. Lai apstiprinātu maiņu, atveriet šo saiti, kad esat pieteicies vai pieteikusies šajā kontā:`,
          link,
        ),
        textBlock(`Saite ir derīga līdz ${formatUtcDateTime(expiresAt)}.`),
        textBlock('Ja jūs to nepieprasījāt, šo e-pastu varat ignorēt: nekas netiks mainīts.'),
      ],
    }),
    'email-change-notice': (_params, links) => ({
      subject: 'Pieprasīta jūsu e-pasta adreses maiņa',
      blocks: [
        textBlock(`Kāds pieprasīja mainīt jūsu ${P} konta e-pasta adresi. Adrese tiek mainīta tikai tad, kad to apstiprina no jaunās adreses.`),
        textBlock('Ja tas bijāt jūs, nekas vairs nav jādara.'),
        linkBlock('Ja tas nebijāt jūs, kāds, iespējams, zina jūsu paroli: nekavējoties nomainiet to šeit:', links.resetPassword),
      ],
    }),
    'email-changed': ({ changedAt }, links) => ({
      subject: `Jūsu ${P} konts tagad izmanto citu e-pasta adresi`,
      blocks: [
        textBlock(`${formatUtcDateTime(changedAt)} jūsu ${P} konta e-pasta adrese tika nomainīta no šīs uz jaunu adresi, ko apstiprināja no jaunās adreses. Visas pārējās pieteikšanās sesijas tika beigtas.`),
        textBlock('Ja tas bijāt jūs, nekas vairs nav jādara.'),
        linkBlock(`Ja tas nebijāt jūs, kādam ir jūsu parole: nekavējoties sazinieties ar ${P} atbalstu, iesniedzot privātuma pieprasījumu (piesakieties ar savu paroli, ja vēl varat):`, links.privacyRequests),
      ],
    }),
    'registration-attempt': (_params, links) => ({
      subject: `Kāds mēģināja izveidot ${P} kontu ar jūsu adresi`,
      blocks: [
        textBlock(`Kāds mēģināja izveidot jaunu ${P} kontu ar šo e-pasta adresi. Jums jau ir konts, tāpēc jauns konts netika izveidots, un jums nekas nav jādara.`),
        linkBlock('Ja esat aizmirsis vai aizmirsusi paroli, jaunu varat iestatīt šeit:', links.resetPassword),
      ],
    }),
    'password-changed': ({ via, changedAt }, links) => ({
      subject: `Jūsu ${P} parole ir nomainīta`,
      blocks: [
        textBlock(
          via === 'reset'
            ? `Jūsu ${P} konta parole tika atjaunota ar paroles atjaunošanas saiti (${formatUtcDateTime(changedAt)}).`
            : `Jūsu ${P} konta parole tika nomainīta jūsu konta lapā (${formatUtcDateTime(changedAt)}).`,
        ),
        textBlock('Ja tas bijāt jūs, nekas vairs nav jādara.'),
        linkBlock(`Ja tas nebijāt jūs, nekavējoties atjaunojiet paroli un sazinieties ar ${P} atbalsta dienestu:`, links.resetPassword),
      ],
    }),
    'suspicious-login': ({ failedAttempts, detectedAt }, links) => ({
      subject: `Neveiksmīgi pieteikšanās mēģinājumi jūsu ${P} kontā`,
      blocks: [
        textBlock(`Jūsu ${P} kontā veikti ${failedAttempts} pieteikšanās mēģinājumi ar nepareizu paroli, pēdējais ${formatUtcDateTime(detectedAt)}. Tam, kurš tos veica, pirms katra nākamā mēģinājuma tagad jāgaida ilgāk; jūsu ierīces joprojām var pieteikties.`),
        textBlock('Ja tas bijāt jūs ar šo ierīci, nedaudz uzgaidiet un mēģiniet vēlreiz.'),
        linkBlock('Ja tas nebijāt jūs, jūsu parole, iespējams, ir zināma kādam citam: izvēlieties jaunu šeit:', links.resetPassword),
      ],
    }),
    'roles-changed': ({ staffRoles, changedAt }, links) => ({
      subject: `Mainītas jūsu ${P} darbinieka lomas`,
      blocks: [
        textBlock(
          `Administrators mainīja jūsu ${P} konta darbinieka lomas (${formatUtcDateTime(changedAt)}). ` +
            (staffRoles.length === 0 ? 'Tagad jums nav nevienas darbinieka lomas.' : `Tagad jūsu lomas: ${staffRoles.map((role) => ROLE_LABELS[role]).join(', ')}.`),
        ),
        textBlock('Visas jūsu sesijas ir izbeigtas: lai maiņa stātos spēkā, piesakieties vēlreiz.'),
        linkBlock('Ja šo maiņu negaidījāt, nekavējoties sazinieties ar datu aizsardzības speciālistu (DPO); kā to izdarīt, norādīts privātuma politikā:', links.privacyPolicy),
      ],
    }),
    'second-factor-changed': ({ method, change, remainingRecoveryCodes, changedAt }, links) => {
      const what = { totp: 'Autentifikācijas lietotne', passkey: 'Piekļuves atslēga', 'recovery-code': 'Atkopšanas kods' }[method];
      const done = {
        added: { totp: 'pievienota jūsu', passkey: 'pievienota jūsu', 'recovery-code': 'pievienots jūsu' },
        removed: { totp: 'noņemta no jūsu', passkey: 'noņemta no jūsu', 'recovery-code': 'noņemts no jūsu' },
        used: { totp: 'izmantota, lai pieteiktos jūsu', passkey: 'izmantota, lai pieteiktos jūsu', 'recovery-code': 'izmantots, lai pieteiktos jūsu' },
      }[change][method];
      return {
        subject: change === 'used' ? `Jūsu ${P} kontam izmantots atkopšanas kods` : `Mainīts jūsu ${P} konta otrais faktors`,
        blocks: [
          textBlock(`${what} ${done} ${P} kontā (${formatUtcDateTime(changedAt)}).`),
          ...(remainingRecoveryCodes === undefined ? [] : [textBlock(`Neizmantoti atkopšanas kodi: ${remainingRecoveryCodes}.`)]),
          linkBlock('Ja tas nebijāt jūs, nekavējoties nomainiet paroli un pārbaudiet savus pieteikšanās veidus šeit:', links.accountSecurity),
        ],
      };
    },
    'security-incident': ({ title, message }) => ({
      subject: title.trim() === '' ? 'Drošības paziņojums' : `Drošības paziņojums: ${title}`,
      blocks: [textBlock(message)],
    }),
    'policy-changed': ({ version, publishedAt }, links) => ({
      subject: 'Mūsu privātuma politika ir mainīta',
      blocks: [
        textBlock(`Kopš ${formatUtcDateTime(publishedAt)} ir spēkā jauna ${P} privātuma politikas versija: ${version}.`),
        linkBlock('Ar to varat iepazīties šeit:', links.privacyPolicy),
        textBlock(`Šis ir pakalpojuma paziņojums, ko mēs sūtām katram ${P} kontam.`),
      ],
    }),
    campaign: ({ subject, body }) => ({ subject, blocks: [textBlock(body)] }),
    'privacy-request-answered': ({ status }, links) => ({
      subject: status === 'rejected' ? 'Jūsu privātuma pieprasījums ir noraidīts' : 'Uz jūsu privātuma pieprasījumu ir atbildēts',
      blocks: [
        textBlock(
          status === 'rejected'
            ? `Mēs izskatījām jūsu ${P} iesniegto privātuma pieprasījumu un to noraidījām. Pamatojums ir redzams jūsu konta lapā.`
            : `Mēs esam atbildējuši uz jūsu ${P} iesniegto privātuma pieprasījumu.`,
        ),
        linkBlock('Piesakieties un izlasiet atbildi savā konta lapā:', links.privacyRequests),
        textBlock('Jūsu privātuma labad pašu atbildi pa e-pastu nesūtām.'),
      ],
    }),
    'org-invitation': ({ link, organizationName, role, expiresAt }) => ({
      subject: `Uzaicinājums pievienoties organizācijai ${organizationName} pakalpojumā ${P}`,
      blocks: [
        linkBlock(
          `Jūs esat uzaicināts vai uzaicināta pievienoties organizācijai ${organizationName} pakalpojumā ${P} ar ${role === 'admin' ? 'administratora' : 'dalībnieka'} lomu. Lai pieņemtu uzaicinājumu, atveriet šo saiti, kad esat pieteicies vai pieteikusies ${P} kontā ar šo e-pasta adresi (vai vispirms izveidojiet kontu ar to):`,
          link,
        ),
        textBlock(`Saiti var izmantot vienu reizi, un tā ir derīga līdz ${formatUtcDateTime(expiresAt)}.`),
        textBlock('Ja jūs nezināt šo organizāciju vai negaidījāt uzaicinājumu, šo e-pastu varat ignorēt: nekas nenotiks, ja to nepieņemsiet.'),
      ],
      footerNotice: `Jūs saņemat šo e-pastu, jo organizācijas ${organizationName} īpašnieks vai administrators uzaicināja šo adresi pakalpojumā ${P}. Ja uzaicinājumu nepieņemsiet, par to vairs nekas netiks sūtīts.`,
    }),
    'subprocessor-change': ({ change, name, purpose, location, effectiveAt }, links) => ({
      subject: change === 'added' ? `${P} pievieno apakšapstrādātāju: ${name}` : `${P} vairs neizmantos apakšapstrādātāju: ${name}`,
      blocks: [
        textBlock(
          change === 'added'
            ? `No ${formatUtcDateTime(effectiveAt)} ${P} jums piederošo organizāciju datu apstrādei izmantos jaunu apakšapstrādātāju: ${name} (${location}), mērķis: ${purpose}.`
            : `No ${formatUtcDateTime(effectiveAt)} ${P} vairs neizmantos apakšapstrādātāju ${name} (${location}), kas tika izmantots šim mērķim: ${purpose}.`,
        ),
        textBlock(`Saskaņā ar datu apstrādes līgumu ${P} katras organizācijas īpašniekiem paziņo par katru apakšapstrādātāju maiņu, pirms tā stājas spēkā (VDAR 28. panta 2. punkts).`),
        ...(change === 'added' ? [linkBlock('Ja jūs iebilstat pret šo maiņu, paziņojiet mums to pirms šī datuma ar privātuma pieprasījumu:', links.privacyRequests)] : []),
      ],
      footerNotice: `Šis ir pakalpojuma paziņojums to organizāciju īpašniekiem, kuras izmanto ${P}. No tā nevar atteikties, kamēr esat organizācijas īpašnieks vai īpašniece.`,
    }),
  },
};
