import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Public } from '../common/decorators/public.decorator.js';
import { AppConfig } from '../config/app-config.js';

export const PLAYGROUND_ASSETS_PATH = '/playground/static';

const buildDir = join(
  dirname(createRequire(import.meta.url).resolve('graphql-playground-react/package.json')),
  'build',
);

/** The only files the Playground page loads, served from the npm package. */
const ASSETS = new Map([
  ['js/middleware.js', 'static/js/middleware.js'],
  ['css/index.css', 'static/css/index.css'],
  ['favicon.png', 'favicon.png'],
  ['logo.png', 'logo.png'],
]);

@Public()
@Controller(PLAYGROUND_ASSETS_PATH)
export class PlaygroundController {
  constructor(private readonly config: AppConfig) {}

  @Get(':folder/:file')
  asset(@Param('folder') folder: string, @Param('file') file: string, @Res() res: Response): void {
    this.send(`${folder}/${file}`, res);
  }

  @Get(':file')
  rootAsset(@Param('file') file: string, @Res() res: Response): void {
    this.send(file, res);
  }

  private send(name: string, res: Response): void {
    const path = this.config.playground ? ASSETS.get(name) : undefined;
    if (!path) throw new NotFoundException(`No Playground asset ${name}`);
    res.sendFile(join(buildDir, path), { maxAge: '1d', immutable: false });
  }
}
