import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/database.options.js';

/** The TypeORM CLI's DataSource, built by the same options builder as the app. */
export default new DataSource({
  ...buildDataSourceOptions(process.env.DATABASE_URL, process.env.DATA_DIR ?? './data'),
  migrationsRun: false,
});
