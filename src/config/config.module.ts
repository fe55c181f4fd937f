import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { validateEnv } from './env.validation.js';

/**
 * Configuration from the environment, validated at boot. `overrides` lets tests start several
 * differently-configured apps in one process without touching process.env.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(overrides: Record<string, string | undefined> = {}): DynamicModule {
    // Validated here, once, while the module is built and before Nest boots: an error thrown
    // during Nest's boot aborts the process, while this one reaches main.ts as a clear message.
    const env = validateEnv({ ...process.env, ...overrides });
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: [() => env],
        }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
