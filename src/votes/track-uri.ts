export const TRACK_URI_PATTERN = /^spotify:track:[0-9A-Za-z]{22}$/;
export const TRACK_URI_MESSAGE = 'trackUri must be spotify:track: followed by 22 letters or digits';
