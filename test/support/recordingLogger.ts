import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import type { LoggerService, RootLoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/** One recorded log line: level, the logger's labels, the message and its meta as JSON. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  labels: JsonObject;
  message: string;
  meta?: string;
}

class RecordingLogger implements RootLoggerService {
  constructor(private readonly lines: LogLine[], private readonly labels: JsonObject) {}

  error(message: string, meta?: Error | JsonObject) {
    this.record('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.record('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.record('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.record('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new RecordingLogger(this.lines, { ...this.labels, ...meta });
  }

  private record(level: LogLine['level'], message: string, meta?: Error | JsonObject) {
    const serialized = meta instanceof Error ? `${meta.name}: ${meta.message}` : meta ? JSON.stringify(meta) : undefined;
    this.lines.push({ level, labels: this.labels, message, meta: serialized });
    if (process.env.IIS_TEST_LOGS) {
      console.log(`[${level}] ${JSON.stringify(this.labels)} ${message}${serialized ? ` ${serialized}` : ''}`);
    }
  }
}

/** A root logger that keeps every line in `lines`; set IIS_TEST_LOGS=1 to also print them. */
export function recordingRootLoggerFactory(lines: LogLine[]) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => new RecordingLogger(lines, {}),
  });
}
