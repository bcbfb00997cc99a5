#!/usr/bin/env bash
# Regenerates the emulator's fixture media. Run once by hand; the project never needs these tools at runtime.
#   apt-get update && apt-get install -y imagemagick ffmpeg fonts-dejavu-core
#   bash demo/emulator/media/generate.sh
# Tested with ImageMagick 6.9.11 and ffmpeg 5.1 (Debian 12). Output: JPEG stills in the four Instagram aspect
# ratios, square avatars, and three short silent H.264 clips made from their posters (faststart, so Range works).
set -euo pipefail
cd "$(dirname "$0")"

BOLD=DejaVu-Sans-Bold
REGULAR=DejaVu-Sans
JPEG=(-strip -quality 68 -sampling-factor 4:2:0 -interlace Plane)

# still <file> <width> <height> <from> <to> <label> <handle> <ratio> <circle1> <circle2>
# A diagonal gradient, two soft circles, a centred label, the account in one corner and the aspect ratio in another.
still() {
  local file=$1 w=$2 h=$3 from=$4 to=$5 label=$6 handle=$7 ratio=$8 c1=$9 c2=${10}
  local size=$(( w < h ? w / 11 : (w == h ? w / 9 : h / 6) ))
  convert -size "${w}x${h}" -define gradient:angle=135 "gradient:${from}-${to}" \
    -fill 'rgba(255,255,255,0.18)' -draw "circle ${c1}" -draw "circle ${c2}" \
    -font "$BOLD" -pointsize "$size" -gravity center \
    -fill 'rgba(0,0,0,0.18)' -annotate +4+4 "$label" -fill white -annotate +0+0 "$label" \
    -font "$REGULAR" -pointsize 30 -fill 'rgba(255,255,255,0.9)' \
    -gravity northwest -annotate +40+36 "$handle" \
    -gravity southeast -annotate +40+36 "${ratio} · ${w}×${h}" \
    "${JPEG[@]}" "$file"
}

# avatar <file> <from> <to> <initials>
avatar() {
  convert -size 320x320 -define gradient:angle=45 "gradient:${2}-${3}" \
    -font "$BOLD" -pointsize 120 -gravity center -fill white -annotate +0+0 "$4" \
    "${JPEG[@]}" "$1"
}

# clip <poster> <output.mp4> <width> <height>: a 3 s (72 frames) zoom into the poster with a running clock.
clip() {
  ffmpeg -hide_banner -loglevel error -y -loop 1 -framerate 24 -i "$1" -t 3 \
    -vf "scale=$(( $3 * 2 )):$(( $4 * 2 )),zoompan=z='1+0.2*in/72':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=1:s=${3}x${4}:fps=24,drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text='%{pts\:hms}':x=w-tw-16:y=16:fontsize=18:fontcolor=white@0.85" \
    -an -c:v libx264 -profile:v main -pix_fmt yuv420p -preset veryslow -crf 32 -movflags +faststart "$2"
}

# @northshore.coffee (BUSINESS)
still sq-flatwhite.jpg  1080 1080 '#c79081' '#dfa579' 'Flat white'    '@northshore.coffee' '1:1'    '840,240 840,430'  '180,900 180,1010'
still sq-beans.jpg      1080 1080 '#5f2c82' '#49a09d' 'New roast'     '@northshore.coffee' '1:1'    '200,200 200,360'  '900,860 900,1040'
still sq-croissant.jpg  1080 1080 '#f7971e' '#ffd200' 'Croissants'    '@northshore.coffee' '1:1'    '880,180 880,300'  '240,820 240,1060'
still pt-pourover.jpg   1080 1350 '#f6d365' '#fda085' 'Pour over'     '@northshore.coffee' '4:5'    '820,300 820,520'  '200,1100 200,1260'
still pt-window.jpg     1080 1350 '#4b6cb7' '#182848' 'Window seat'   '@northshore.coffee' '4:5'    '260,320 260,500'  '860,1080 860,1200'
still ls-counter.jpg    1080 566  '#ee9ca7' '#ffdde1' 'At the counter' '@northshore.coffee' '1.91:1' '960,120 960,260' '120,470 120,560'
still reel-steam.jpg    1080 1920 '#232526' '#b06ab3' 'Steam'         '@northshore.coffee' '9:16'   '780,420 780,700'  '260,1500 260,1680'
still video-pour.jpg    1080 1080 '#8e2de2' '#f093fb' 'Slow pour'     '@northshore.coffee' '1:1'    '820,820 820,1000' '220,220 220,330'

# @lena.travels (MEDIA_CREATOR)
still sq-lagoon.jpg     1080 1080 '#00c6ff' '#0072ff' 'Lagoon'        '@lena.travels' '1:1'    '860,260 860,420'  '200,880 200,1020'
still pt-alps.jpg       1080 1350 '#83a4d4' '#b6fbff' 'Alps'          '@lena.travels' '4:5'    '240,260 240,420'  '860,1000 860,1220'
still pt-alley.jpg      1080 1350 '#e96443' '#904e95' 'Old town'      '@lena.travels' '4:5'    '840,280 840,440'  '200,1050 200,1250'
still ls-coast.jpg      1080 566  '#11998e' '#38ef7d' 'Coastline'     '@lena.travels' '1.91:1' '140,110 140,230'  '940,440 940,560'
still ls-dunes.jpg      1080 566  '#f2994a' '#f2c94c' 'Dunes'         '@lena.travels' '1.91:1' '900,100 900,220'  '200,480 200,600'
still reel-waves.jpg    1080 1920 '#1a2980' '#26d0ce' 'Waves'         '@lena.travels' '9:16'   '300,400 300,640'  '820,1440 820,1720'
still reel-night.jpg    1080 1920 '#0f2027' '#2c5364' 'Night market'  '@lena.travels' '9:16'   '760,360 760,600'  '240,1560 240,1760'

# @sam.snapshots (PERSONAL)
still sq-park.jpg       1080 1080 '#a8e063' '#56ab2f' 'Sunday walk'   '@sam.snapshots' '1:1'   '820,260 820,420'  '240,860 240,1000'

avatar avatar-northshore.jpg '#6f4e37' '#c69c6d' 'NC'
avatar avatar-lena.jpg       '#ff7e5f' '#feb47b' 'LT'
avatar avatar-sam.jpg        '#56ab2f' '#a8e063' 'S'

clip reel-steam.jpg reel-steam.mp4 360 640
clip reel-waves.jpg reel-waves.mp4 360 640
clip video-pour.jpg video-pour.mp4 480 480

du -ch ./*.jpg ./*.mp4 | tail -1
