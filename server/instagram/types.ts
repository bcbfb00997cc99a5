// Raw Graph shapes, snake_case as Instagram sends them. Everything optional: Instagram omits fields
// freely (hidden likes, copyrighted media_url, missing alt_text).

export interface GraphProfile {
  id?: string;
  user_id?: string;
  username?: string;
  name?: string;
  account_type?: string;
  profile_picture_url?: string;
  followers_count?: number;
  follows_count?: number;
  media_count?: number;
  biography?: string;
  website?: string;
}

export interface GraphChild {
  id?: string;
  media_type?: string;
  media_url?: string;
  thumbnail_url?: string;
  alt_text?: string;
}

export interface GraphMedia extends GraphChild {
  caption?: string;
  media_product_type?: string;
  permalink?: string;
  shortcode?: string;
  timestamp?: string;
  like_count?: number;
  comments_count?: number;
  children?: { data?: GraphChild[] };
}

export interface MediaPage {
  data: GraphMedia[];
  /** Instagram's `after` cursor when there is a next page, else null. The `next` URL is never kept. */
  after: string | null;
}

export interface TokenGrant {
  accessToken: string;
  /** Seconds until expiry. */
  expiresIn: number;
}

export interface CodeGrant {
  accessToken: string;
  /** App-scoped user id, as a string even when Instagram sends a 17-digit JSON number. */
  userId: string | null;
  permissions: string[];
}
