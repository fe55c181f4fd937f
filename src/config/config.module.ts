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
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: [() => validateEnv({ ...process.env, ...overrides })],
        }),
      ],
      providers: [AppConfig],
      exports: [AppConfig],
    };
  }
}
