import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  type ArgumentsHost,
  type CanActivate,
  Catch,
  createParamDecorator,
  type ExceptionFilter,
  Injectable,
  Module,
  type PipeTransform,
  UseFilters,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Args,
  Field,
  GraphQLModule,
  GraphQLSchemaHost,
  Int,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphQLError } from 'graphql';
import { Observable } from 'rxjs';
import { installSyncFirstResolvers } from '../src/graphql/sync-first-resolvers.js';
import { gql } from './support/graphql.js';

/**
 * src/graphql/sync-first-resolvers.ts replaces Nest's resolver pipeline for GraphQL: the same
 * guards, pipes and filters in the same order, waiting only where one of them returns a promise.
 * A small app of its own, with an enhancer of each kind in its sync and async forms.
 */
installSyncFirstResolvers();

const calls: string[] = [];
const tick = () => new Promise((resolve) => setImmediate(resolve));

@Injectable()
class AllowSync implements CanActivate {
  canActivate() {
    calls.push('guard:sync');
    return true;
  }
}
@Injectable()
class AllowLater implements CanActivate {
  async canActivate() {
    await tick();
    calls.push('guard:async');
    return true;
  }
}
@Injectable()
class AllowObservable implements CanActivate {
  canActivate() {
    calls.push('guard:observable');
    return new Observable<boolean>((subscriber) => {
      subscriber.next(true);
      subscriber.complete();
    });
  }
}
@Injectable()
class Refuse implements CanActivate {
  canActivate() {
    calls.push('guard:refuse');
    return false;
  }
}
@Injectable()
class RefuseLater implements CanActivate {
  async canActivate() {
    await tick();
    calls.push('guard:refuse-later');
    return false;
  }
}

/** Doubles a number, synchronously. */
class Double implements PipeTransform {
  transform(value: unknown) {
    return typeof value === 'number' ? value * 2 : value;
  }
}
/** Adds one, later. */
class AddOneLater implements PipeTransform {
  async transform(value: unknown) {
    await tick();
    return typeof value === 'number' ? value + 1 : value;
  }
}
/** Refuses everything, later. */
class RefusingPipe implements PipeTransform {
  async transform(): Promise<never> {
    await tick();
    throw new Error('refused later');
  }
}
/** A parameter whose value cannot be had: it throws as it is read. */
const Unavailable = createParamDecorator(() => {
  throw new Error('unavailable');
});

/** Refuses a negative number. */
class NotNegative implements PipeTransform {
  transform(value: unknown) {
    if (typeof value === 'number' && value < 0) throw new Error('negative');
    return value;
  }
}

@Catch()
class AsTeapot implements ExceptionFilter {
  catch(error: Error, _host: ArgumentsHost) {
    return new GraphQLError(`caught: ${error.message}`, { extensions: { code: 'TEAPOT' } });
  }
}

@ObjectType()
class Box {
  @Field(() => Int)
  size: number;
}

@Resolver(() => Box)
class BoxResolver {
  @Query(() => Int)
  @UseGuards(AllowSync)
  plain(@Args('n', { type: () => Int }) n: number): number {
    return n;
  }

  @Query(() => Int)
  @UseGuards(AllowSync, AllowLater, AllowObservable)
  guardedLater(@Args('n', { type: () => Int }) n: number): number {
    calls.push('resolver');
    return n;
  }

  @Query(() => Int, { nullable: true })
  @UseGuards(Refuse, AllowSync)
  refused(): number {
    calls.push('resolver');
    return 1;
  }

  @Query(() => Int, { nullable: true })
  @UseGuards(AllowSync, RefuseLater, AllowSync)
  refusedLater(): number {
    calls.push('resolver');
    return 1;
  }

  @Query(() => String)
  @UsePipes(Double, AddOneLater, Double)
  piped(
    @Args('a', { type: () => Int }) a: number,
    @Args('b', { type: () => Int }) b: number,
  ): string {
    return `${a}+${b}`;
  }

  @Query(() => Int, { nullable: true })
  @UsePipes(NotNegative)
  @UseFilters(AsTeapot)
  filtered(@Args('n', { type: () => Int }) n: number): number {
    if (n === 0) throw new Error('zero');
    return n;
  }

  @Query(() => Int, { nullable: true })
  @UseFilters(AsTeapot)
  rejected(): Promise<number> {
    return Promise.reject(new Error('later'));
  }

  @Query(() => Int, { nullable: true })
  @UseFilters(AsTeapot)
  failingTwice(
    // Nest lists a method's parameters last first: `n` goes async, then this one throws.
    @Unavailable() missing: unknown,
    @Args('n', { type: () => Int }, RefusingPipe) n: number,
  ): number {
    return n + Number(missing);
  }

  @Query(() => Int)
  observed(): Observable<number> {
    return new Observable<number>((subscriber) => {
      subscriber.next(1);
      subscriber.next(7);
      subscriber.complete();
    });
  }

  @Query(() => Box)
  box(): Box {
    return { size: 3 };
  }

  @ResolveField(() => Int)
  doubled(@Parent() box: Box, @Args('by', { type: () => Int }) by: number): number {
    return box.size * by;
  }
}

@Module({
  imports: [
    GraphQLModule.forRoot<ApolloDriverConfig>({
      driver: ApolloDriver,
      autoSchemaFile: true,
      // As the app: Apollo would otherwise wrap every resolver of the schema for cache hints.
      plugins: [ApolloServerPluginCacheControlDisabled()],
    }),
  ],
  providers: [BoxResolver],
})
class PipelineModule {}

describe('The sync-first GraphQL resolver pipeline', () => {
  let app: NestFastifyApplication;
  let url: string;
  const query = (text: string) => gql(url, text);

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(PipelineModule, new FastifyAdapter(), {
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers a resolver whose guards and pipes are synchronous without a promise', async () => {
    // The field's resolver, as graphql-js calls it.
    const resolve = app.get(GraphQLSchemaHost).schema.getQueryType()!.getFields().plain.resolve!;
    const request = { raw: {}, headers: {} };
    const answer = resolve(undefined, { n: 5 }, { req: request }, {} as never);
    expect(answer).toBe(5);
    expect(await query('{ plain(n: 5) }')).toMatchObject({ data: { plain: 5 } });
  });

  it('runs every guard in order, waiting for the ones that answer later', async () => {
    calls.length = 0;
    expect(await query('{ guardedLater(n: 2) }')).toMatchObject({ data: { guardedLater: 2 } });
    expect(calls).toEqual(['guard:sync', 'guard:async', 'guard:observable', 'resolver']);
  });

  it('refuses with FORBIDDEN when a guard says no, at once or later, and runs nothing after it', async () => {
    calls.length = 0;
    const refused = await query('{ refused }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(calls).toEqual(['guard:refuse']);

    calls.length = 0;
    const later = await query('{ refusedLater }');
    expect(later.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(calls).toEqual(['guard:sync', 'guard:refuse-later']);
  });

  it('passes each argument through its pipes in order, sync and async alike', async () => {
    // (a × 2 + 1) × 2 for each argument.
    expect(await query('{ piped(a: 1, b: 10) }')).toMatchObject({ data: { piped: '6+42' } });
  });

  it('hands thrown, rejected and pipe errors to the exception filters', async () => {
    const thrown = await query('{ filtered(n: 0) }');
    expect(thrown.errors?.[0]).toMatchObject({
      message: 'caught: zero',
      extensions: { code: 'TEAPOT' },
    });
    const piped = await query('{ filtered(n: -1) }');
    expect(piped.errors?.[0]).toMatchObject({
      message: 'caught: negative',
      extensions: { code: 'TEAPOT' },
    });
    const rejected = await query('{ rejected }');
    expect(rejected.errors?.[0]).toMatchObject({
      message: 'caught: later',
      extensions: { code: 'TEAPOT' },
    });
    expect(await query('{ filtered(n: 4) }')).toMatchObject({ data: { filtered: 4 } });
  });

  it('answers with the first failure and leaves no later one unhandled', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const failed = await query('{ failingTwice(n: 1) }');
      expect(failed.errors?.[0]).toMatchObject({
        message: 'caught: unavailable',
        extensions: { code: 'TEAPOT' },
      });
      // The first parameter's pipe fails on a later turn.
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('answers an Observable with its last value, and field resolvers with their arguments', async () => {
    expect(await query('{ observed }')).toMatchObject({ data: { observed: 7 } });
    expect(await query('{ box { size doubled(by: 4) } }')).toMatchObject({
      data: { box: { size: 3, doubled: 12 } },
    });
  });
});
