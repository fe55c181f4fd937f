import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from './database.options.js';
import { RawSql } from './raw-sql.js';
import { SqlDialect, sqlDialectFor } from './sql-dialect.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SqliteConnections } from './sqlite-connections.js';
import { TransactionRunner } from './transaction-runner.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.databaseUrl, config.dataDir),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [
    TransactionRunner,
    RawSql,
    SqliteCheckpointer,
    {
      // Before any query of the app's: TypeORM's single SQLite connection is split up here.
      provide: SqliteConnections,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) =>
        dataSource.options.type === 'sqlite' ? SqliteConnections.install(dataSource) : null,
    },
    {
      provide: SqlDialect,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => sqlDialectFor(dataSource.options.type),
    },
  ],
  exports: [TransactionRunner, SqlDialect, RawSql],
})
export class DatabaseModule {}
