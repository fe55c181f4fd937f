// The framework alone, for bench/framework.mjs: NestJS with @nestjs/apollo serving two query fields
// and GET /health, nothing of ours (no guard, pipes, logger, CORS or rate limiter; of Apollo's
// options only the app's switch that turns its cache-hint collection off):
// `hello`; `room(code)`, shaped as the app's `room` layer (an argument, an object answered
// asynchronously) with nothing behind it, to show what a resolver costs in the framework; and
// `roomPlain(code)`, the same field answered by a plain graphql-js resolver (set on the built
// schema, no Nest around it), to tell Nest's share from GraphQL's and Apollo's. On
// Fastify (`fastify` as argument: platform-fastify, as the app runs) or on Express (`express`, the
// default: platform-express and @as-integrations/express5, devDependencies kept for this
// comparison).
import 'reflect-metadata';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApolloDriver } from '@nestjs/apollo';
import { Args, Field, GraphQLModule, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';

const platform = process.argv[2] ?? 'express';

/** Decorators applied by hand: this file runs as plain JavaScript. */
function method(target, name, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  for (const decorate of decorators) decorate(target.prototype, name, descriptor);
}

class RoomLike {}
ObjectType('Room')(RoomLike);
Field(() => Int)(RoomLike.prototype, 'likeThreshold');

class HelloResolver {
  hello() {
    return 'hello';
  }

  async room(code) {
    return { code, likeThreshold: 25 };
  }

  // Declares the field; the built schema's own resolver answers it (transformSchema below).
  async roomPlain(code) {
    return { code, likeThreshold: 25 };
  }
}
Resolver()(HelloResolver);
method(
  HelloResolver,
  'hello',
  Query(() => String),
);
for (const name of ['room', 'roomPlain']) {
  Reflect.defineMetadata('design:paramtypes', [String], HelloResolver.prototype, name);
  Args('code')(HelloResolver.prototype, name, 0);
  method(
    HelloResolver,
    name,
    Query(() => RoomLike),
  );
}

class HealthController {
  health() {
    return { status: 'ok' };
  }
}
Controller()(HealthController);
method(HealthController, 'health', Get('health'));

class MinimalModule {}
Module({
  imports: [
    GraphQLModule.forRoot({
      driver: ApolloDriver,
      autoSchemaFile: true,
      playground: false,
      csrfPrevention: false,
      // As the app: without it Apollo wraps every resolver to collect cache hints, a cost the app
      // does not pay, which made the framework's `room` shape look dearer than it is.
      plugins: [ApolloServerPluginCacheControlDisabled()],
      transformSchema: (schema) => {
        schema.getQueryType().getFields().roomPlain.resolve = async (_root, { code }) => ({
          code,
          likeThreshold: 25,
        });
        return schema;
      },
    }),
  ],
  controllers: [HealthController],
  providers: [HelloResolver],
})(MinimalModule);

let adapter;
if (platform === 'fastify') {
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  adapter = new FastifyAdapter();
}
const app = adapter
  ? await NestFactory.create(MinimalModule, adapter, { logger: false })
  : await NestFactory.create(MinimalModule, { logger: false });
await app.listen(Number(process.env.PORT ?? 3200), process.env.HOST ?? '127.0.0.1');
