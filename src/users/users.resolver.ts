import { Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { UserModel } from './models/user.model.js';
import { UsersService } from './users.service.js';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => UserModel)
  me(@CurrentUser() caller: AuthUser): Promise<UserModel> {
    return this.users.getById(caller.id);
  }

  @ResolveField(() => String, { nullable: true })
  email(@Parent() user: UserModel, @CurrentUser() caller: AuthUser): string | null {
    return user.id === caller.id ? (user.email ?? null) : null;
  }
}
