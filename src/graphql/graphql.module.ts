import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AuthModule } from '../auth/auth.module.js';
import { GraphqlOptionsFactory } from './graphql-options.factory.js';
import { PlaygroundController } from './playground.controller.js';
import { SubscriptionsServer } from './subscriptions.server.js';
import { installSyncFirstResolvers } from './sync-first-resolvers.js';

// Before GraphQLModule builds its resolvers (at the application's init).
installSyncFirstResolvers();

@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      useClass: GraphqlOptionsFactory,
    }),
    AuthModule,
  ],
  controllers: [PlaygroundController],
  providers: [SubscriptionsServer],
})
export class AppGraphqlModule {}
