import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const KAFKA_TOOLS_DIR = path.resolve(__dirname, '../../../tools/kafka');
const MARKER = '.complete';

export interface KafkaDistributionOptions {
  /** Where fetched jars are kept between runs; default $SARGS_CACHE_DIR or ~/.cache/sargs. */
  cacheDir?: string;
  /** The pom naming the broker artifact; default tools/kafka/pom.xml. */
  pomFile?: string;
  log?: (message: string) => void;
}

export function defaultCacheDir(): string {
  return process.env['SARGS_CACHE_DIR'] || path.join(os.homedir(), '.cache', 'sargs');
}

export function kafkaVersionFromPom(pom: string): string {
  const version = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom)?.[1];
  if (!version) throw new Error('The Kafka pom names no <kafka.version> property');
  return version;
}

/** `java` of $JAVA_HOME when set, else the one on PATH. */
export function javaCommand(): string {
  const home = process.env['JAVA_HOME'];
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** Kafka 4 needs Java 17 or later on the broker. */
export function assertJava17(): void {
  const out = spawnSync(javaCommand(), ['-version'], { encoding: 'utf8' });
  if (out.error) throw new Error(`Java 17 or later is needed to run Kafka, and "${javaCommand()}" cannot be run (${out.error.message}); install a JDK 17+ or set KAFKA_BROKERS to use a running broker.`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (!(major >= 17)) throw new Error(`Kafka needs Java 17 or later, but "${javaCommand()}" is ${match ? `Java ${major}` : 'of unknown version'}; install a JDK 17+ (or point JAVA_HOME at one) or set KAFKA_BROKERS.`);
}

function runMaven(pomFile: string, outputDir: string): Promise<void> {
  const args = ['-B', '-q', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${outputDir}`, '-DincludeScope=runtime'];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err) => reject(new Error(`Maven (mvn) is needed once to fetch the Kafka broker, and it cannot be run (${err.message}); install Maven 3.6+ or set KAFKA_BROKERS to use a running broker.`)));
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`mvn ${args.join(' ')} failed (exit ${code}):\n${output.split('\n').slice(-30).join('\n')}`));
    });
  });
}

/**
 * The broker's classpath directory: Maven copies kafka_2.13 and its runtime dependencies there
 * once; a marker holding the pom's hash makes later starts skip Maven until the pom changes.
 */
export async function ensureKafkaDistribution(options: KafkaDistributionOptions = {}): Promise<string> {
  const pomFile = options.pomFile ?? path.join(KAFKA_TOOLS_DIR, 'pom.xml');
  const pom = readFileSync(pomFile, 'utf8');
  const home = path.join(options.cacheDir ?? defaultCacheDir(), `kafka-${kafkaVersionFromPom(pom)}`);
  const libsDir = path.join(home, 'libs');
  const marker = path.join(home, MARKER);
  const pomHash = createHash('sha256').update(pom).digest('hex');
  const fetched = (): boolean => existsSync(marker) && readFileSync(marker, 'utf8').trim() === pomHash;

  assertJava17();
  mkdirSync(home, { recursive: true });
  // Copied on every call so an edit of the logging config applies at the next start.
  const log4j = path.join(path.dirname(pomFile), 'log4j2.properties');
  if (existsSync(log4j)) copyFileSync(log4j, path.join(home, 'log4j2.properties'));
  if (fetched()) return libsDir;

  options.log?.(`Fetching Apache Kafka ${kafkaVersionFromPom(pom)} with Maven into ${libsDir} (once)...`);
  // A private directory, renamed when complete: an interrupted or concurrent fetch is never half-used.
  const staging = `${libsDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await runMaven(pomFile, staging);
    if (fetched()) return libsDir;
    rmSync(libsDir, { recursive: true, force: true });
    renameSync(staging, libsDir);
    writeFileSync(marker, `${pomHash}\n`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return libsDir;
}
