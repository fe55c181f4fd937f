import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Public } from '../common/decorators/public.decorator.js';
import { AppConfig } from '../config/app-config.js';

export const PLAYGROUND_ASSETS_PATH = '/playground/static';

const buildDir = join(
  dirname(createRequire(import.meta.url).resolve('graphql-playground-react/package.json')),
  'build',
);

/** The only files the Playground page loads, served from the npm package, with their types. */
const ASSETS = new Map([
  ['js/middleware.js', { path: 'static/js/middleware.js', type: 'text/javascript; charset=utf-8' }],
  ['css/index.css', { path: 'static/css/index.css', type: 'text/css; charset=utf-8' }],
  ['favicon.png', { path: 'favicon.png', type: 'image/png' }],
  ['logo.png', { path: 'logo.png', type: 'image/png' }],
]);

@Public()
@Controller(PLAYGROUND_ASSETS_PATH)
export class PlaygroundController {
  constructor(private readonly config: AppConfig) {}

  @Get(':folder/:file')
  asset(
    @Param('folder') folder: string,
    @Param('file') file: string,
    @Res() res: FastifyReply,
  ): void {
    this.send(`${folder}/${file}`, res);
  }

  @Get(':file')
  rootAsset(@Param('file') file: string, @Res() res: FastifyReply): void {
    this.send(file, res);
  }

  private send(name: string, res: FastifyReply): void {
    const asset = this.config.playground ? ASSETS.get(name) : undefined;
    if (!asset) throw new NotFoundException(`No Playground asset ${name}`);
    void res
      .type(asset.type)
      .header('Cache-Control', 'public, max-age=86400')
      .send(createReadStream(join(buildDir, asset.path)));
  }
}
