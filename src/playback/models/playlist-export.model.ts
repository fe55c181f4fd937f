import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PlaylistExport', { description: "A playlist written to the host's Spotify account." })
export class PlaylistExportModel {
  @Field()
  uri: string;

  @Field()
  name: string;

  @Field(() => Int)
  trackCount: number;
}
